import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { sealAuditEvents } from '@/lib/audit/sealer';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { changeConsent } from '@/lib/consent/change';
import { createConsentPurpose, findConsentPurpose, listConsentPurposes, updateConsentPurpose } from '@/lib/consent/manage';
import { publishConsentVersion } from '@/lib/consent/publish';
import { outdatedRequiredDocuments } from '@/lib/consent/re-consent';
import { consentRateSeries, currentConsentCounts } from '@/lib/consent/report';
import { createConsentPurposeSchema, updateConsentPurposeSchema } from '@/lib/validation/consent-admin';
import { asStaff, asUser, GOOD_PASSWORD, newContext, signUpCustomer } from './support/fixtures';

async function staffMember() {
  const { user } = await signUpCustomer();
  return asStaff(user.id);
}

function uniqueKey(label: string) {
  return `${label}_${randomUUID().slice(0, 8)}`;
}

async function auditsFor(purposeId: string) {
  await sealAuditEvents();
  const events = await db.auditEvent.findMany({ where: { targetType: 'consent_purpose', targetId: purposeId }, orderBy: { sequence: 'asc' } });
  return events.map((e) => ({ action: e.action, actorType: e.actorType, actorId: e.actorId, metadata: JSON.parse(e.metadata!) }));
}

describe('consent purposes in the console', () => {
  it('creates a purpose with its first version, audited in the same transaction, and lists it', async () => {
    const staff = await staffMember();
    const key = uniqueKey('newsletter');
    const input = createConsentPurposeSchema.parse({ key, name: 'Weekly newsletter', kind: 'purpose', required: false, title: 'Weekly newsletter', text: 'A short email every Friday.' });
    expect(await createConsentPurpose(input, staff)).toEqual({ ok: true, key });

    const purpose = (await findConsentPurpose(key))!;
    expect(purpose).toMatchObject({ name: 'Weekly newsletter', kind: 'purpose', required: false, active: true });
    expect(purpose.versions.map((v) => [v.version, v.title, v.text])).toEqual([[1, 'Weekly newsletter', 'A short email every Friday.']]);
    expect(await auditsFor(purpose.id)).toEqual([
      { action: 'consent.purpose_created', actorType: 'staff', actorId: staff.id, metadata: { purpose: key, kind: 'purpose', required: false } },
      { action: 'consent.version_published', actorType: 'staff', actorId: staff.id, metadata: { purpose: key, version: 1 } },
    ]);
    const listed = (await listConsentPurposes()).find((p) => p.key === key);
    expect(listed).toMatchObject({ currentVersion: { version: 1 }, decided: 0, granted: 0, rate: null });

    // Customers can now choose it in their privacy settings.
    const { user } = await signUpCustomer();
    expect(await changeConsent({ userId: user.id, purposeKey: key, granted: true }, asUser(user.id))).toMatchObject({ ok: true, changed: true });
    expect((await listConsentPurposes()).find((p) => p.key === key)).toMatchObject({ decided: 1, granted: 1, grantedCurrent: 1, rate: 100 });

    // Deactivated: no longer offered, and the change is audited.
    expect(await updateConsentPurpose(key, { name: 'Weekly newsletter', required: false, active: false }, staff)).toEqual({ ok: true, asksAgain: false });
    expect(await changeConsent({ userId: user.id, purposeKey: key, granted: false }, asUser(user.id))).toMatchObject({ ok: false, error: 'unknown_purpose' });
    expect((await auditsFor(purpose.id)).at(-1)).toMatchObject({ action: 'consent.purpose_updated', metadata: { purpose: key, active: false } });
  });

  it('refuses a taken key, and a required purpose (only documents can be required)', async () => {
    const staff = await staffMember();
    const taken = { key: 'terms', name: 'Terms again', kind: 'document' as const, required: true, title: 'T', text: 'Text' };
    expect(await createConsentPurpose(taken, staff)).toMatchObject({ ok: false, code: 'key_taken', field: 'key' });

    const requiredPurpose = { key: uniqueKey('forced'), name: 'Forced', kind: 'purpose', required: true, title: 'T', text: 'Text' };
    const parsed = createConsentPurposeSchema.safeParse(requiredPurpose);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path[0])).toEqual(['required']);
    // The server refuses it even without the form's check.
    expect(await createConsentPurpose(requiredPurpose as never, staff)).toMatchObject({ ok: false, field: 'required' });
    expect(await updateConsentPurpose('marketing_email', { name: 'Marketing email', required: true, active: true }, staff)).toMatchObject({ ok: false, field: 'required' });
    expect(await db.consentPurpose.findUnique({ where: { key: requiredPurpose.key } })).toBeNull();

    expect(createConsentPurposeSchema.safeParse({ key: 'Bad Key', name: '', kind: 'other', required: false, title: '', text: '' }).error!.issues.map((i) => i.path[0]).sort()).toEqual(
      ['key', 'kind', 'name', 'text', 'title'],
    );
    expect(updateConsentPurposeSchema.safeParse({ name: ' ', required: false, active: true }).success).toBe(false);
  });
});

describe('publishing from the console', () => {
  it('puts a new version of the terms to customers at their next sign-in', async () => {
    const staff = await staffMember();
    const { user, email } = await signUpCustomer();
    expect(await outdatedRequiredDocuments(user.id)).toEqual([]);

    // The same function `npm run consent:publish` calls, with the staff member as actor.
    const published = await publishConsentVersion('terms', { title: 'Terms of service', text: `Console-published terms ${randomUUID()}` }, staff);
    expect(published).toMatchObject({ ok: true, asksAgain: true });
    if (!published.ok) throw new Error(published.message);

    const signedIn = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    expect(signedIn).toMatchObject({ ok: true });
    expect((await outdatedRequiredDocuments(user.id)).map((d) => [d.purpose.key, d.version.version])).toEqual([['terms', published.version]]);
    const terms = (await findConsentPurpose('terms'))!;
    expect((await auditsFor(terms.id)).at(-1)).toEqual({
      action: 'consent.version_published',
      actorType: 'staff',
      actorId: staff.id,
      metadata: { purpose: 'terms', version: published.version },
    });
    expect(terms.versions[0]).toMatchObject({ version: published.version, records: 0 });
  });

  it('asks everyone to accept a new required document, and stops asking once it is inactive', async () => {
    const staff = await staffMember();
    const { user } = await signUpCustomer();
    const key = uniqueKey('house_rules');
    await createConsentPurpose({ key, name: 'House rules', kind: 'document', required: true, title: 'House rules', text: 'Be kind.' }, staff);
    try {
      expect((await outdatedRequiredDocuments(user.id)).map((d) => [d.purpose.key, d.accepted])).toEqual([[key, null]]);
    } finally {
      // Other test files share this database: leave no required document behind.
      expect(await updateConsentPurpose(key, { name: 'House rules', required: true, active: false }, staff)).toMatchObject({ ok: true });
    }
    expect(await outdatedRequiredDocuments(user.id)).toEqual([]);
    expect(await updateConsentPurpose(key, { name: 'House rules', required: true, active: true }, staff)).toEqual({ ok: true, asksAgain: true });
    expect(await updateConsentPurpose(key, { name: 'House rules', required: false, active: true }, staff)).toEqual({ ok: true, asksAgain: false });
    expect(await outdatedRequiredDocuments(user.id)).toEqual([]);
    await updateConsentPurpose(key, { name: 'House rules', required: false, active: false }, staff);
  });
});

describe('consent-rate report', () => {
  const DAY = 24 * 60 * 60 * 1000;

  it('counts each person by their latest decision at the end of every day, per version', async () => {
    const staff = await staffMember();
    const key = uniqueKey('rates');
    await createConsentPurpose({ key, name: 'Rates', kind: 'purpose', required: false, title: 'Rates v1', text: 'First text.' }, staff);
    await publishConsentVersion(key, { title: 'Rates v2', text: 'Second text.' });
    const purpose = (await findConsentPurpose(key))!;
    const [v2, v1] = purpose.versions;
    const people = await Promise.all([1, 2, 3, 4].map(() => signUpCustomer()));
    const [a, b, c, d] = people.map((p) => p.user.id);
    const now = new Date();
    const ago = (days: number, ms = 0) => new Date(now.getTime() - days * DAY + ms);
    // Records as they would have been made over the last months (the log is append-only, so set up directly).
    const records: [string, NonNullable<typeof v1>, boolean, Date][] = [
      [b!, v1!, true, ago(100)], // before the window: granted
      [d!, v1!, false, ago(95)], // before the window: refused
      [a!, v1!, true, ago(10)],
      [b!, v1!, false, ago(5)], // B withdraws
      [c!, v1!, true, ago(3)],
      [c!, v2!, true, ago(1)], // C grants again for the new text
      [c!, v2!, false, ago(1)], // ...and, in the same instant, withdraws: the later id decides
      [c!, v2!, true, ago(1, 1)],
    ];
    for (const [userId, version, granted, createdAt] of records) {
      await db.consentRecord.create({ data: { userId, purposeId: purpose.id, versionId: version.id, granted, source: 'account', createdAt } });
    }

    const series = await consentRateSeries(purpose.id, { days: 90, now });
    expect(series).toHaveLength(90);
    expect(series.at(-1)!.day).toBe(now.toISOString().slice(0, 10));
    const at = (daysAgo: number) => series[89 - daysAgo]!;
    expect(at(89)).toMatchObject({ decided: 2, granted: 1, rate: 50, grantedByVersion: { 1: 1 } });
    expect(at(11)).toMatchObject({ decided: 2, granted: 1, rate: 50 });
    expect(at(10)).toMatchObject({ decided: 3, granted: 2, rate: 66.7 });
    expect(at(5)).toMatchObject({ decided: 3, granted: 1, rate: 33.3, grantedByVersion: { 1: 1 } });
    expect(at(3)).toMatchObject({ decided: 4, granted: 2, rate: 50, grantedByVersion: { 1: 2 } });
    expect(at(1)).toMatchObject({ decided: 4, granted: 2, grantedByVersion: { 1: 1, 2: 1 } });
    expect({ ...at(0), day: '' }).toEqual({ ...at(1), day: '' });

    const current = (await currentConsentCounts(now)).get(purpose.id);
    expect(current).toEqual({ decided: 4, granted: 2, grantedByVersion: { 1: 1, 2: 1 } });
    expect((await listConsentPurposes()).find((p) => p.key === key)).toMatchObject({ decided: 4, granted: 2, grantedCurrent: 1, rate: 50 });
    await updateConsentPurpose(key, { name: 'Rates', required: false, active: false }, staff);
  });
});
