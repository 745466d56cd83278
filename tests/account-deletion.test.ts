import { describe, expect, it } from 'vitest';
import { db, databaseDialect } from '@/lib/db/client';
import { systemActor, userActor } from '@/lib/audit/actor';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { findActiveSession } from '@/lib/auth/sessions';
import { restoreAccount, scheduleAccountDeletion } from '@/lib/users/deletion';
import { eraseUser, runDueErasures } from '@/lib/users/erasure';
import { saveProfileAnswers, dueProfileFields } from '@/lib/profile/progressive';
import { requestMagicLink } from '@/lib/auth/email-sign-in';
import { renamePasskey } from '@/lib/auth/passkeys/manage';
import { reactivateCustomer, suspendCustomer } from '@/lib/users/support-actions';
import { placeLegalHold, releaseLegalHold } from '@/lib/retention/legal-hold';
import { rejectRequest } from '@/lib/dsr/staff-requests';
import { confirmEmailChange, requestEmailChange } from '@/lib/users/email-change';
import { exportAuditLog } from '@/lib/audit/export';
import { verifyAuditChain } from '@/lib/audit/chain';
import { asStaff, asUser, GOOD_PASSWORD, lastEmailTo, newContext, signedInFrom, signUpCustomer, tokenFrom, uniqueEmail } from './support/fixtures';
import { sessionFor } from './support/sessions';
import { Secret, TOTP } from 'otpauth';
import { confirmTotpEnrolment, pendingTotpSetup, startTotpEnrolment } from '@/lib/auth/mfa/enrolment';
import { signInWithSecondFactor } from '@/lib/auth/mfa/second-factor';

/** Every table and text-like column in the database, read from its own catalogue. */
async function textColumns(): Promise<{ table: string; column: string }[]> {
  if (databaseDialect() === 'sqlite') {
    const tables = await db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    const result: { table: string; column: string }[] = [];
    for (const { name } of tables) {
      const columns = await db.$queryRawUnsafe<{ name: string; type: string }[]>(`PRAGMA table_info("${name}")`);
      for (const c of columns) if (!/BLOB/i.test(c.type)) result.push({ table: name, column: c.name });
    }
    return result;
  }
  return db.$queryRawUnsafe<{ table: string; column: string }[]>(
    "SELECT table_name AS \"table\", column_name AS \"column\" FROM information_schema.columns WHERE table_schema = current_schema() AND data_type NOT IN ('bytea')",
  );
}

/** Where a value still appears anywhere in the database. */
async function findEverywhere(needle: string) {
  const hits: string[] = [];
  const placeholder = databaseDialect() === 'sqlite' ? '?' : '$1';
  for (const { table, column } of await textColumns()) {
    const rows = await db.$queryRawUnsafe<{ n: number | bigint }[]>(
      `SELECT COUNT(*) AS n FROM "${table}" WHERE CAST("${column}" AS TEXT) LIKE ${placeholder}`,
      `%${needle}%`,
    );
    if (Number(rows[0]!.n) > 0) hits.push(`${table}.${column}`);
  }
  return hits;
}

describe('account deletion', () => {
  it('closes the account at once and offers a restore at sign-in instead of letting the person in', async () => {
    const { email, user } = await signUpCustomer();
    const session = await sessionFor(user.id);
    const scheduled = await scheduleAccountDeletion(session.user, userActor(session, newContext()));
    if (!scheduled.ok) throw new Error(scheduled.formError);
    const { erasesAt } = scheduled;
    expect(erasesAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    expect(await findActiveSession(session.token)).toBeNull();
    expect((await lastEmailTo(email))?.subject).toBe('Your account will be deleted');
    expect(await db.dataSubjectRequest.findFirst({ where: { userId: user.id, type: 'erasure', status: 'open' } })).not.toBeNull();

    const attempt = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    if (!attempt.ok) throw new Error(attempt.message);
    expect(attempt.outcome.kind).toBe('restore');
    expect(await db.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);

    if (attempt.outcome.kind !== 'restore') return;
    const restored = await restoreAccount(attempt.outcome.restoreToken, newContext());
    if (!restored.ok) throw new Error(restored.message);
    expect(signedInFrom(restored.outcome).user.status).toBe('active');
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).deletionScheduledAt).toBeNull();
    expect(await db.dataSubjectRequest.findFirst({ where: { userId: user.id, type: 'erasure' } })).toMatchObject({ status: 'rejected' });
  });

  it('restores an account with two-step verification only after the second factor, never on the password alone', async () => {
    const { email, user } = await signUpCustomer();
    const first = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    if (!first.ok) throw new Error(first.message);
    const signedIn = signedInFrom(first.outcome);
    await startTotpEnrolment(user.id);
    const secret = (await pendingTotpSetup(user.id))!.manualKey.replace(/\s/g, '');
    const codeAt = (timestamp: number) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp });
    // An earlier time step, so the code at sign-in below is not a replay of this one.
    const enrolled = await confirmTotpEnrolment(asUser(user.id, signedIn.session.id), codeAt(Date.now() - 30_000));
    if (!enrolled.ok) throw new Error(enrolled.message);
    const deleting = await sessionFor(user.id);
    await scheduleAccountDeletion(deleting.user, userActor(deleting, newContext()));

    // Someone who knows the password, but has not the authenticator: the account stays scheduled, no session, no restore link.
    const attempt = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    if (!attempt.ok) throw new Error(attempt.message);
    expect(attempt.outcome.kind).toBe('second_factor');
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ status: 'pending_deletion', deletionScheduledAt: expect.any(Date) });
    expect(await db.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect(await db.verificationToken.count({ where: { userId: user.id, purpose: 'account_restore' } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: 'user.deletion_cancelled', targetId: user.id } })).toBe(0);
    if (attempt.outcome.kind !== 'second_factor') return;

    // The owner completes the second step: only now is the restore offered, and restoring signs them in.
    const second = await signInWithSecondFactor(attempt.outcome.challengeToken, { method: 'totp', code: codeAt(Date.now()) }, newContext());
    if (!second.ok) throw new Error(second.message);
    if (second.outcome.kind !== 'restore') throw new Error(`expected a restore offer, got ${second.outcome.kind}`);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('pending_deletion');
    const restored = await restoreAccount(second.outcome.restoreToken, newContext());
    if (!restored.ok) throw new Error(restored.message);
    const session = signedInFrom(restored.outcome);
    expect(session.user.status).toBe('active');
    expect(session.session.authMethods.split(',')).toEqual(['password', 'totp']);
  });

  it('erases the email, name and phone from every table and column once the grace period is over', async () => {
    const { email, user } = await signUpCustomer();
    const name = `Zelda${Date.now()}`;
    const phone = `+44 20 ${Math.floor(1000 + Math.random() * 8999)} ${Math.floor(1000 + Math.random() * 8999)}`;
    const fields = await dueProfileFields(user.id, { kind: 'area', path: '/account/recovery' });
    await saveProfileAnswers({ userId: user.id, fields, values: { phone }, context: newContext() });
    await saveProfileAnswers({
      userId: user.id,
      fields: [{ key: 'given_name', label: 'First name', type: 'text', required: true }],
      values: { given_name: name },
      context: newContext(),
    });
    await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    await signInWithPassword({ email, password: 'wrong' }, newContext());
    await requestMagicLink(email, undefined, newContext());
    await db.account.create({ data: { userId: user.id, type: 'oidc', provider: 'github', providerAccountId: `gh-${name}` } });
    // Staff wrote the caller's number into an earlier request's notes.
    await db.dataSubjectRequest.create({
      data: { userId: user.id, subjectEmail: email, type: 'access', status: 'completed', source: 'staff', dueAt: new Date(), notes: `Called from ${phone} about ${name}` },
    });
    // Free text staff and the person wrote about them, which the audit log records.
    const admin = await db.user.findUniqueOrThrow({ where: { email: 'admin@test.example' } });
    const staff = asStaff(admin.id, 'test-session');
    const passkey = await db.passkey.create({ data: { userId: user.id, credentialId: `cred-${name}`, publicKey: Buffer.from([1]), deviceType: 'singleDevice', name: 'Passkey' } });
    expect(await renamePasskey(asUser(user.id, 'test-session'), { passkeyId: passkey.id, name: `${name}'s phone` })).toEqual({ ok: true });
    expect(await suspendCustomer(user.id, `Caller on ${phone} says ${name} lost the phone`, staff)).toMatchObject({ ok: true });
    expect(await reactivateCustomer(user.id, `${name} called back from ${phone}`, staff)).toMatchObject({ ok: true });
    expect(await placeLegalHold(user.id, `Dispute with ${name}, ${phone}`, staff)).toMatchObject({ ok: true });
    expect(await releaseLegalHold(user.id, staff)).toMatchObject({ ok: true });
    const request = await db.dataSubjectRequest.create({ data: { userId: user.id, subjectEmail: email, type: 'access', status: 'open', source: 'staff', dueAt: new Date() } });
    expect(await rejectRequest(request.id, `${name} could not confirm ${phone}`, staff)).toMatchObject({ ok: true });
    const exported = await exportAuditLog({ target: user.id } as Parameters<typeof exportAuditLog>[0], 'csv', asStaff(admin.id, 'test-session'));
    await exported.cancel();
    // The person moves to a new address: mail to the old one (the change notice names the new
    // address; the rejection above quotes the reason) is still in the outbox afterwards.
    const newEmail = uniqueEmail('moved');
    expect(await requestEmailChange(await sessionFor(user.id), newEmail, newContext())).toEqual({ ok: true });
    expect(await confirmEmailChange(tokenFrom((await lastEmailTo(newEmail))!.text), newContext())).toMatchObject({ ok: true });
    expect(await db.devOutboxMessage.count({ where: { to: email, text: { contains: newEmail } } })).toBeGreaterThan(0);
    expect(await db.devOutboxMessage.count({ where: { to: email, text: { contains: phone } } })).toBeGreaterThan(0);
    expect(await db.auditEvent.count({ where: { personalText: { contains: name } } })).toBeGreaterThanOrEqual(5);

    const session = await sessionFor(user.id);
    await scheduleAccountDeletion(session.user, userActor(session, newContext()));
    expect((await findEverywhere(email)).length).toBeGreaterThan(0);

    await db.user.update({ where: { id: user.id }, data: { deletionScheduledAt: new Date(Date.now() - 1000) } });
    const { erased } = await runDueErasures();
    expect(erased).toBeGreaterThanOrEqual(1);

    expect(await findEverywhere(email)).toEqual([]);
    expect(await findEverywhere(newEmail)).toEqual([]);
    expect(await findEverywhere(name)).toEqual([]);
    expect(await findEverywhere(phone)).toEqual([]);
    expect(await findEverywhere(user.id)).toEqual([]);

    const tombstone = await db.user.findFirstOrThrow({ where: { status: 'erased', erasedAt: { not: null }, email: { endsWith: '@erased.invalid' }, createdAt: user.createdAt } });
    expect(await db.auditEvent.count({ where: { targetId: tombstone.id } })).toBeGreaterThan(3);
    const erasureRequest = await db.dataSubjectRequest.findFirstOrThrow({ where: { subjectEmail: `${tombstone.id}@erased.invalid`, type: 'erasure' } });
    expect(erasureRequest.status).toBe('completed');
    // Erasure changed chained rows (and only the ones it names), so the log still verifies.
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
    expect(JSON.parse(erasureRequest.evidence!)).toMatchObject({ tombstoneId: tombstone.id, rows: expect.objectContaining({ Session: expect.any(Number), UserAttribute: 2 }) });
  });

  it('never erases the last administrator, whoever asks', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { email: 'admin@test.example' } });
    // Alone with the role for the length of this transaction; the refusal rolls it all back.
    await expect(
      db.$transaction(async (tx) => {
        await tx.userRole.deleteMany({ where: { role: { key: 'admin' }, userId: { not: admin.id } } });
        await eraseUser(tx, admin.id, systemActor());
      }),
    ).rejects.toThrow(/last active administrator/);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).status).toBe('active');
  });

  it('does not let the last active administrator close their own account', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { email: 'admin@test.example' } });
    const adminRole = await db.role.findUniqueOrThrow({ where: { key: 'admin' } });
    await db.userRole.deleteMany({ where: { roleId: adminRole.id, userId: { not: admin.id } } });
    const session = await sessionFor(admin.id);
    expect(await scheduleAccountDeletion(session.user, userActor(session, newContext()))).toMatchObject({ ok: false, formError: expect.stringMatching(/last active administrator/) });
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ status: 'active', deletionScheduledAt: null });
    expect(await findActiveSession(session.token)).not.toBeNull();
  });

  it('refuses to erase a user under legal hold', async () => {
    const { user } = await signUpCustomer();
    await db.user.update({ where: { id: user.id }, data: { legalHold: true, status: 'pending_deletion', deletionScheduledAt: new Date(Date.now() - 1000) } });
    await expect(db.$transaction((tx) => eraseUser(tx, user.id, systemActor()))).rejects.toThrow(/legal hold/);
    await runDueErasures();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('pending_deletion');
  });
});
