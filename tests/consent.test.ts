import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { accountActivity } from '@/lib/audit/activity';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { changeConsent } from '@/lib/consent/change';
import { publishConsentVersion } from '@/lib/consent/publish';
import { acceptDocumentVersions, mustAcceptDocuments, outdatedRequiredDocuments } from '@/lib/consent/re-consent';
import { consentHistory, consentState } from '@/lib/consent/state';
import { asUser, GOOD_PASSWORD, newContext, signUpCustomer } from './support/fixtures';

async function marketingRecords(userId: string) {
  return db.consentRecord.findMany({ where: { userId, purpose: { key: 'marketing_email' } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

function marketing(state: Awaited<ReturnType<typeof consentState>>) {
  return state.purposes.find((p) => p.key === 'marketing_email')!;
}

async function signIn(email: string) {
  const result = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
  if (!result.ok) throw new Error(result.message);
}

describe('consent centre', () => {
  it('appends a record for every change, audits it, and leaves earlier records untouched', async () => {
    const { user } = await signUpCustomer();
    expect(marketing(await consentState(user.id))).toMatchObject({ granted: false, decidedVersion: null });

    const context = { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' };
    const on = await changeConsent({ userId: user.id, purposeKey: 'marketing_email', granted: true }, asUser(user.id, null, context));
    expect(on).toMatchObject({ ok: true, changed: true, version: 1, granted: true });
    const [first] = await marketingRecords(user.id);
    expect(first).toMatchObject({ granted: true, source: 'account', ipAddress: '203.0.113.7' });
    expect(marketing(await consentState(user.id))).toMatchObject({ granted: true, decidedVersion: 1, outdated: false });

    const off = await changeConsent({ userId: user.id, purposeKey: 'marketing_email', granted: false }, asUser(user.id));
    expect(off).toMatchObject({ ok: true, changed: true, granted: false });
    // A repeated click changes nothing and records nothing.
    expect(await changeConsent({ userId: user.id, purposeKey: 'marketing_email', granted: false }, asUser(user.id))).toMatchObject({ changed: false });

    const records = await marketingRecords(user.id);
    expect(records.map((r) => r.granted)).toEqual([true, false]);
    expect(records[0]).toEqual(first);
    expect(marketing(await consentState(user.id)).granted).toBe(false);

    const audits = await db.auditEvent.findMany({ where: { action: 'user.consent_changed', targetId: user.id }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });
    expect(audits.map((a) => JSON.parse(a.metadata!))).toEqual([
      { purpose: 'marketing_email', version: 1, granted: true, source: 'account' },
      { purpose: 'marketing_email', version: 1, granted: false, source: 'account' },
    ]);
  });

  it('does not let documents or unknown purposes be toggled', async () => {
    const { user } = await signUpCustomer();
    for (const purposeKey of ['terms', 'no_such_purpose']) {
      expect(await changeConsent({ userId: user.id, purposeKey, granted: false }, asUser(user.id))).toMatchObject({
        ok: false,
        error: 'unknown_purpose',
      });
    }
  });

  it('lists the history newest first, with version, source and where it came from', async () => {
    const { user } = await signUpCustomer();
    const context = { ip: '192.0.2.44', userAgent: 'history-test-browser' };
    await changeConsent({ userId: user.id, purposeKey: 'analytics', granted: true }, asUser(user.id, null, context));
    await changeConsent({ userId: user.id, purposeKey: 'analytics', granted: false }, asUser(user.id, null, context));
    const history = await consentHistory(user.id);
    expect(history.slice(0, 2).map((h) => [h.purpose.key, h.granted, h.version, h.source, h.ipAddress, h.userAgent])).toEqual([
      ['analytics', false, 1, 'account', '192.0.2.44', 'history-test-browser'],
      ['analytics', true, 1, 'account', '192.0.2.44', 'history-test-browser'],
    ]);
    // Then the documents accepted at sign-up.
    expect(history.slice(2).map((h) => [h.purpose.kind, h.source, h.granted])).toEqual([
      ['document', 'sign_up', true],
      ['document', 'sign_up', true],
    ]);
  });

  it('flags an optional purpose given for an older text, and a new grant takes the new version', async () => {
    const { user } = await signUpCustomer();
    const before = marketing(await consentState(user.id)).current.version;
    await changeConsent({ userId: user.id, purposeKey: 'personalisation', granted: true }, asUser(user.id));
    const published = await publishConsentVersion('personalisation', { title: 'Personalised recommendations', text: 'Now also from your purchase history.' });
    expect(published).toMatchObject({ ok: true });
    const state = (await consentState(user.id)).purposes.find((p) => p.key === 'personalisation')!;
    expect(state).toMatchObject({ granted: true, outdated: true });
    const again = await changeConsent({ userId: user.id, purposeKey: 'personalisation', granted: true }, asUser(user.id));
    expect(again).toMatchObject({ changed: true, version: state.current.version });
    expect((await consentState(user.id)).purposes.find((p) => p.key === 'personalisation')).toMatchObject({ outdated: false });
    expect(marketing(await consentState(user.id)).current.version).toBe(before);
  });
});

/** The one-statement check every sign-in and account page asks must agree with the full list. */
async function expectDue(userId: string, due: boolean) {
  expect((await outdatedRequiredDocuments(userId)).length > 0).toBe(due);
  expect(await mustAcceptDocuments(userId)).toBe(due);
}

describe('re-consent to new versions of required documents', () => {
  it('asks until the new version is accepted, and records it as re-consent', async () => {
    const { user } = await signUpCustomer();
    expect(await outdatedRequiredDocuments(user.id)).toEqual([]);
    await expectDue(user.id, false);

    const published = await publishConsentVersion('terms', { title: 'Terms of service', text: 'Updated rules for using our services.' });
    if (!published.ok) throw new Error(published.message);
    const outdated = await outdatedRequiredDocuments(user.id);
    expect(outdated.map((d) => [d.purpose.key, d.version.version, d.accepted?.version])).toEqual([['terms', published.version, published.version - 1]]);
    await expectDue(user.id, true);
    expect(await db.auditEvent.findFirst({ where: { action: 'consent.version_published', metadata: { contains: `"version":${published.version}` } } })).not.toBeNull();

    // Someone who signs up now accepts the new version straight away.
    const newcomer = await signUpCustomer();
    expect(await outdatedRequiredDocuments(newcomer.user.id)).toEqual([]);
    await expectDue(newcomer.user.id, false);

    const context = newContext();
    expect(await acceptDocumentVersions({ userId: user.id, versionIds: [outdated[0]!.version.id], context })).toEqual({ ok: true, remaining: 0 });
    expect(await outdatedRequiredDocuments(user.id)).toEqual([]);
    await expectDue(user.id, false);
    const record = await db.consentRecord.findFirstOrThrow({ where: { userId: user.id, versionId: outdated[0]!.version.id } });
    expect(record).toMatchObject({ granted: true, source: 're_consent', ipAddress: context.ip });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.consent_recorded', targetId: user.id }, orderBy: { occurredAt: 'desc' } });
    expect(JSON.parse(audit.metadata!)).toMatchObject({ purpose: 'terms', version: published.version, source: 're_consent' });
    // The privacy notice did not change, so it was not accepted again.
    expect(await db.consentRecord.count({ where: { userId: user.id, purpose: { key: 'privacy' } } })).toBe(1);
  });

  it('never accepts a version the person was not shown', async () => {
    const { user } = await signUpCustomer();
    await publishConsentVersion('privacy', { title: 'Privacy notice', text: 'Second text.' });
    const [shown] = await outdatedRequiredDocuments(user.id);
    await publishConsentVersion('privacy', { title: 'Privacy notice', text: 'Third text, published while they read.' });
    expect(await acceptDocumentVersions({ userId: user.id, versionIds: [shown!.version.id], context: newContext() })).toMatchObject({
      ok: false,
      error: 'nothing_to_accept',
    });
    expect((await outdatedRequiredDocuments(user.id)).map((d) => d.version.text)).toEqual(['Third text, published while they read.']);
  });

  it('treats someone who never accepted a document as having to accept it', async () => {
    const { user } = await signUpCustomer();
    await db.consentRecord.deleteMany({ where: { userId: user.id } });
    expect((await outdatedRequiredDocuments(user.id)).map((d) => [d.purpose.key, d.accepted])).toEqual([
      ['terms', null],
      ['privacy', null],
    ]);
    await expectDue(user.id, true);
  });

  it('goes by the latest acceptance: a decline does not undo it, and an acceptance of an older text is not the current one', async () => {
    const { user } = await signUpCustomer();
    const terms = await db.consentPurpose.findUniqueOrThrow({ where: { key: 'terms' } });
    const current = await db.consentVersion.findFirstOrThrow({ where: { purposeId: terms.id }, orderBy: { version: 'desc' } });
    await db.consentRecord.create({ data: { userId: user.id, purposeId: terms.id, versionId: current.id, granted: false, source: 'api' } });
    await expectDue(user.id, false);

    const published = await publishConsentVersion('terms', { title: 'Terms of service', text: `Fourth rules ${Date.now()}.` });
    if (!published.ok) throw new Error(published.message);
    await expectDue(user.id, true);
    const [outdated] = await outdatedRequiredDocuments(user.id);
    expect(await acceptDocumentVersions({ userId: user.id, versionIds: [outdated!.version.id], context: newContext() })).toEqual({ ok: true, remaining: 0 });
    await expectDue(user.id, false);
    // A later record that accepts the older text again (an import, a staff correction) is the one that counts.
    await db.consentRecord.create({ data: { userId: user.id, purposeId: terms.id, versionId: current.id, granted: true, source: 'staff', createdAt: new Date(Date.now() + 1000) } });
    await expectDue(user.id, true);
  });

  it('refuses to publish for an unknown purpose or an empty text', async () => {
    expect(await publishConsentVersion('no_such_document', { title: 'x', text: 'y' })).toMatchObject({ ok: false, error: 'unknown_purpose' });
    expect(await publishConsentVersion('terms', { title: 'Terms', text: '   ' })).toMatchObject({ ok: false, error: 'empty_text' });
  });
});

describe('account activity', () => {
  it("shows a person's own events in their words, newest first, and never anyone else's", async () => {
    const alice = await signUpCustomer();
    const bob = await signUpCustomer();
    await signIn(alice.email);
    await signIn(bob.email);
    await signInWithPassword({ email: alice.email, password: 'not the password' }, newContext());
    await recordAudit(db, { action: 'staff.profile_viewed', actor: { type: 'staff', id: bob.user.id }, target: { type: 'user', id: alice.user.id } });

    const { events, older } = await accountActivity(alice.user.id);
    expect(older).toBeNull();
    const own = await db.auditEvent.findMany({ where: { targetId: alice.user.id }, select: { id: true } });
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(own.map((e) => e.id)));
    const times = events.map((e) => e.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const descriptions = events.map((e) => e.description);
    expect(descriptions).toEqual(
      expect.arrayContaining(['A member of our staff opened your account', 'You signed in with your password', 'A sign-in with a wrong password was refused', 'You created your account']),
    );
    expect(descriptions.filter((d) => /^You accepted the (terms of service|privacy notice) \(version \d+\)$/.test(d))).toHaveLength(2);
    expect(events.find((e) => e.action === 'user.sign_in_failed')).toMatchObject({ failed: true });

    const bobs = await db.auditEvent.findMany({ where: { targetId: bob.user.id }, select: { id: true } });
    expect(events.some((e) => bobs.some((b) => b.id === e.id))).toBe(false);
  });

  it('pages with a keyset cursor that cannot reach other people', async () => {
    const alice = await signUpCustomer();
    const bob = await signUpCustomer();
    for (let i = 0; i < 3; i += 1) await signIn(alice.email);
    await signIn(bob.email);

    const all = (await accountActivity(alice.user.id, { take: 100 })).events;
    const paged: string[] = [];
    let before: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof accountActivity>> = await accountActivity(alice.user.id, { before, take: 2 });
      expect(page.events.length).toBeLessThanOrEqual(2);
      paged.push(...page.events.map((e) => e.id));
      before = page.older;
    } while (before);
    expect(paged).toEqual(all.map((e) => e.id));

    // A cursor taken from Bob's events still only reads Alice's.
    const bobs = await accountActivity(bob.user.id, { take: 1 });
    const crossed = await accountActivity(alice.user.id, { before: bobs.older, take: 100 });
    const aliceIds = new Set(all.map((e) => e.id));
    expect(crossed.events.every((e) => aliceIds.has(e.id))).toBe(true);
  });
});
