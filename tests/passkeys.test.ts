import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import type { CurrentSession } from '@/lib/auth/current-session';
import { createSession } from '@/lib/auth/sessions';
import { passkeyRegistrationOptions, registerPasskey } from '@/lib/auth/passkeys/registration';
import { passkeySignInChallenge, passkeySignInOptions, passkeyStepUpOptions, reauthenticateWithPasskey, signInWithPasskey } from '@/lib/auth/passkeys/authentication';
import { listPasskeys, removePasskey, renamePasskey } from '@/lib/auth/passkeys/manage';
import { asUser, newContext, signedInFrom, signUpCustomer } from './support/fixtures';
import { SoftwareAuthenticator } from './support/software-authenticator';

/** A signed-in customer, as the account pages see them. */
async function signedInCustomer(options: { password?: string | null } = {}) {
  const { user, email } = await signUpCustomer(options);
  const { session } = await createSession(db, { userId: user.id, methods: ['magic_link'], context: newContext() });
  const current: CurrentSession = {
    sessionId: session.id,
    authMethods: ['magic_link'],
    authenticatedAt: session.createdAt.toISOString(),
    user: { id: user.id, email, name: null, emailVerified: null },
  };
  return { user, email, session: current, actor: asUser(user.id, session.id) };
}

async function addPasskey(customer: Awaited<ReturnType<typeof signedInCustomer>>, authenticator = new SoftwareAuthenticator()) {
  const options = await passkeyRegistrationOptions(customer.user.id);
  const result = await registerPasskey(customer.actor, authenticator.register(options));
  if (!result.ok) throw new Error(`registration failed: ${result.message}`);
  return { authenticator, passkey: result.passkey };
}

const auditOf = (action: string, targetId: string) => db.auditEvent.findMany({ where: { action, targetId }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });

describe('adding a passkey', () => {
  it('asks for a discoverable credential, excludes the ones already there, and audits the addition', async () => {
    const customer = await signedInCustomer();
    const first = await passkeyRegistrationOptions(customer.user.id);
    expect(first.authenticatorSelection).toMatchObject({ residentKey: 'required', requireResidentKey: true, userVerification: 'required' });
    expect(first.rp.id).toBe('localhost');
    expect(first.excludeCredentials).toEqual([]);

    const { passkey } = await addPasskey(customer);
    const again = await passkeyRegistrationOptions(customer.user.id);
    const stored = await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } });
    expect(again.excludeCredentials).toEqual([{ id: stored.credentialId, type: 'public-key', transports: ['internal'] }]);
    expect(stored).toMatchObject({ userId: customer.user.id, counter: 0, deviceType: 'singleDevice', backedUp: false, name: 'Passkey' });

    const [added] = await auditOf('user.passkey_added', customer.user.id);
    expect(added).toMatchObject({ result: 'success', sessionId: customer.session.sessionId });
    expect(JSON.parse(added!.metadata!)).toMatchObject({ passkeyId: passkey.id });
  });

  it('names the passkey after the browser it was made in', async () => {
    const customer = await signedInCustomer();
    const options = await passkeyRegistrationOptions(customer.user.id);
    const chrome = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
    const result = await registerPasskey({ ...customer.actor, context: { ip: null, userAgent: chrome } }, new SoftwareAuthenticator().register(options));
    expect(result).toMatchObject({ ok: true, passkey: { name: 'Chrome on Mac OS' } });
  });

  it('spends the registration challenge once, and only for the person it was made for', async () => {
    const customer = await signedInCustomer();
    const other = await signedInCustomer();
    const options = await passkeyRegistrationOptions(customer.user.id);
    const response = new SoftwareAuthenticator().register(options);

    expect(await registerPasskey(other.actor, response)).toMatchObject({ ok: false, error: 'expired' });
    expect(await registerPasskey(customer.actor, response)).toMatchObject({ ok: true });
    expect(await registerPasskey(customer.actor, response)).toMatchObject({ ok: false, error: 'expired' });
    expect(await db.passkey.count({ where: { userId: { in: [customer.user.id, other.user.id] } } })).toBe(1);
  });

  it('refuses an answer made for another site or after the challenge expired', async () => {
    const customer = await signedInCustomer();
    const phished = new SoftwareAuthenticator().register(await passkeyRegistrationOptions(customer.user.id), { origin: 'https://evil.example' });
    expect(await registerPasskey(customer.actor, phished)).toMatchObject({ ok: false, error: 'invalid' });

    const late = await passkeyRegistrationOptions(customer.user.id);
    await db.webAuthnChallenge.updateMany({ where: { userId: customer.user.id, purpose: 'registration' }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await registerPasskey(customer.actor, new SoftwareAuthenticator().register(late))).toMatchObject({ ok: false, error: 'expired' });
    expect(await registerPasskey(customer.actor, { id: 'x' })).toMatchObject({ ok: false, error: 'invalid' });
    expect(await db.passkey.count({ where: { userId: customer.user.id } })).toBe(0);
  });
});

describe('user verification (a passkey is two factors only when the device checked the person)', () => {
  it('asks every ceremony for it', async () => {
    const customer = await signedInCustomer();
    await addPasskey(customer);
    expect((await passkeySignInOptions()).userVerification).toBe('required');
    expect((await passkeyStepUpOptions(customer.user.id)).userVerification).toBe('required');
  });

  it('refuses to register a passkey the device did not verify the person on', async () => {
    const customer = await signedInCustomer();
    const options = await passkeyRegistrationOptions(customer.user.id);
    const result = await registerPasskey(customer.actor, new SoftwareAuthenticator({ userVerified: false }).register(options));
    expect(result).toMatchObject({ ok: false, error: 'invalid' });
    expect(await db.passkey.count({ where: { userId: customer.user.id } })).toBe(0);
  });

  it('refuses a sign-in assertion without user verification: no session, no second step, audited', async () => {
    const customer = await signedInCustomer();
    const { authenticator } = await addPasskey(customer);
    const sessionsBefore = await db.session.count({ where: { userId: customer.user.id } });
    const touchedOnly = authenticator.authenticate(await passkeySignInOptions(), { userVerified: false });
    expect(await signInWithPasskey(touchedOnly, newContext())).toMatchObject({ ok: false, reason: 'passkey_user_not_verified', message: expect.stringMatching(/did not confirm it was you/) });
    expect(await db.session.count({ where: { userId: customer.user.id } })).toBe(sessionsBefore);
    expect((await auditOf('user.sign_in_failed', customer.user.id)).map((e) => e.reason)).toEqual(['passkey_user_not_verified']);
    // The same passkey, verified, still signs in.
    expect((await signInWithPasskey(authenticator.authenticate(await passkeySignInOptions()), newContext())).ok).toBe(true);
  });

  it('refuses a step-up assertion without user verification', async () => {
    const customer = await signedInCustomer();
    const { authenticator } = await addPasskey(customer);
    const touchedOnly = authenticator.authenticate(await passkeyStepUpOptions(customer.user.id), { userVerified: false });
    expect(await reauthenticateWithPasskey(customer.session, touchedOnly, newContext())).toMatchObject({ ok: false });
    expect((await auditOf('user.step_up', customer.user.id)).map((e) => [e.result, e.reason])).toEqual([['failure', 'passkey_user_not_verified']]);
  });
});

describe('signing in with a passkey', () => {
  it('starts a session without a username and moves the counter forward', async () => {
    const customer = await signedInCustomer();
    const { authenticator, passkey } = await addPasskey(customer);
    const options = await passkeySignInOptions();
    expect(options.allowCredentials ?? []).toEqual([]);

    const result = await signInWithPasskey(authenticator.authenticate(options), newContext());
    if (!result.ok) throw new Error(result.message);
    const signedIn = signedInFrom(result.outcome);
    expect(signedIn.user.id).toBe(customer.user.id);
    expect(signedIn.session.authMethods).toBe('passkey');
    const stored = await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } });
    expect(stored.counter).toBe(1);
    expect(stored.lastUsedAt).not.toBeNull();
  });

  it('accepts a challenge once, even when the same answer arrives twice at the same moment', async () => {
    const customer = await signedInCustomer();
    const { authenticator } = await addPasskey(customer);
    const answer = authenticator.authenticate(await passkeySignInOptions());
    const results = await Promise.all([signInWithPasskey(answer, newContext()), signInWithPasskey(answer, newContext())]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ reason: 'passkey_challenge_invalid' });
    expect(await signInWithPasskey(answer, newContext())).toMatchObject({ ok: false, reason: 'passkey_challenge_invalid' });
  });

  it('refuses an expired challenge and audits the failure with its reason', async () => {
    const customer = await signedInCustomer();
    const { authenticator } = await addPasskey(customer);
    const options = await passkeySignInOptions();
    await db.webAuthnChallenge.updateMany({ where: { userId: null, expires: { gt: new Date() } }, data: { expires: new Date(Date.now() - 1000) } });
    const context = newContext();
    expect(await signInWithPasskey(authenticator.authenticate(options), context)).toMatchObject({ ok: false, reason: 'passkey_challenge_invalid', message: expect.stringMatching(/took too long/) });
    const failure = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.sign_in_failed', ipAddress: context.ip } });
    expect(failure).toMatchObject({ result: 'failure', reason: 'passkey_challenge_invalid' });
  });

  it('refuses a replayed counter (a cloned authenticator), an unknown passkey and a removed one', async () => {
    const customer = await signedInCustomer();
    const { authenticator, passkey } = await addPasskey(customer);
    expect((await signInWithPasskey(authenticator.authenticate(await passkeySignInOptions()), newContext())).ok).toBe(true);
    const cloned = authenticator.authenticate(await passkeySignInOptions(), { counter: 1 });
    expect(await signInWithPasskey(cloned, newContext())).toMatchObject({ ok: false, reason: 'passkey_counter_regressed' });
    expect((await auditOf('user.sign_in_failed', customer.user.id)).map((e) => e.reason)).toEqual(['passkey_counter_regressed']);

    const stranger = new SoftwareAuthenticator();
    stranger.register(await passkeyRegistrationOptions(customer.user.id));
    expect(await signInWithPasskey(stranger.authenticate(await passkeySignInOptions()), newContext())).toMatchObject({ ok: false, reason: 'passkey_unknown_credential' });

    await removePasskey(customer.actor, passkey.id);
    expect(await signInWithPasskey(authenticator.authenticate(await passkeySignInOptions()), newContext())).toMatchObject({ ok: false, reason: 'passkey_unknown_credential' });
  });

  it('lets synced passkeys, whose counter stays at zero, sign in again and again', async () => {
    const customer = await signedInCustomer();
    const { authenticator, passkey } = await addPasskey(customer, new SoftwareAuthenticator({ synced: true }));
    expect(await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).toMatchObject({ deviceType: 'multiDevice', backedUp: true });
    for (let i = 0; i < 2; i += 1) {
      expect((await signInWithPasskey(authenticator.authenticate(await passkeySignInOptions()), newContext())).ok).toBe(true);
    }
  });

  it('limits how many sign-in challenges one network can make, storing none once refused', async () => {
    const context = newContext();
    let issued = 0;
    let refusal: Awaited<ReturnType<typeof passkeySignInChallenge>> | undefined;
    for (let i = 0; i < 10_000 && !refusal; i += 1) {
      const answer = await passkeySignInChallenge(context);
      if (answer.ok) issued += 1;
      else refusal = answer;
    }
    expect(refusal).toMatchObject({ ok: false, message: expect.stringMatching(/^Too many passkey sign-ins from this network/) });
    expect(issued).toBeGreaterThan(10);
    const stored = await db.webAuthnChallenge.count();
    expect(await passkeySignInChallenge(context)).toMatchObject({ ok: false });
    expect(await db.webAuthnChallenge.count()).toBe(stored);
    // Another network is not affected.
    expect(await passkeySignInChallenge(newContext())).toMatchObject({ ok: true });
  });

  it('refuses a suspended account', async () => {
    const customer = await signedInCustomer();
    const { authenticator } = await addPasskey(customer);
    await db.user.update({ where: { id: customer.user.id }, data: { status: 'suspended' } });
    expect(await signInWithPasskey(authenticator.authenticate(await passkeySignInOptions()), newContext())).toMatchObject({ ok: false, reason: 'inactive' });
    expect((await auditOf('user.sign_in_failed', customer.user.id)).map((e) => e.reason)).toEqual(['status_suspended']);
  });
});

describe('confirming it is you with a passkey', () => {
  it('marks the session as freshly authenticated with the person’s own passkey only', async () => {
    const customer = await signedInCustomer();
    const other = await signedInCustomer();
    const { authenticator } = await addPasskey(customer);
    const { authenticator: othersAuthenticator } = await addPasskey(other);

    const options = await passkeyStepUpOptions(customer.user.id);
    expect(options.allowCredentials).toHaveLength(1);
    // Someone else's passkey, or a sign-in challenge, does not confirm this person.
    expect(await reauthenticateWithPasskey(customer.session, othersAuthenticator.authenticate(await passkeyStepUpOptions(customer.user.id), { credentialId: othersAuthenticator.credentials[0]!.id }), newContext())).toMatchObject({ ok: false });
    expect(await reauthenticateWithPasskey(customer.session, authenticator.authenticate(await passkeySignInOptions()), newContext())).toMatchObject({ ok: false });

    expect(await reauthenticateWithPasskey(customer.session, authenticator.authenticate(options), newContext())).toEqual({ ok: true });
    const session = await db.session.findUniqueOrThrow({ where: { id: customer.session.sessionId } });
    expect(session.authMethods.split(',')).toContain('passkey');
    const stepUps = await auditOf('user.step_up', customer.user.id);
    expect(stepUps.map((e) => [e.result, e.reason])).toEqual([
      ['failure', 'passkey_user_mismatch'],
      ['failure', 'passkey_challenge_invalid'],
      ['success', null],
    ]);
  });
});

describe('renaming and removing passkeys', () => {
  it('audits both, and never touches another person’s passkey', async () => {
    const customer = await signedInCustomer();
    const intruder = await signedInCustomer();
    const { passkey } = await addPasskey(customer);

    expect(await renamePasskey(intruder.actor, { passkeyId: passkey.id, name: 'Mine now' })).toMatchObject({ ok: false, error: 'not_found' });
    expect(await removePasskey(intruder.actor, passkey.id)).toMatchObject({ ok: false, error: 'not_found' });
    expect(await renamePasskey(customer.actor, { passkeyId: passkey.id, name: 'Work laptop' })).toEqual({ ok: true });
    expect((await listPasskeys(customer.user.id)).map((p) => p.name)).toEqual(['Work laptop']);

    expect(await removePasskey(customer.actor, passkey.id)).toEqual({ ok: true });
    expect(await listPasskeys(customer.user.id)).toEqual([]);
    const renamed = await auditOf('user.passkey_renamed', customer.user.id);
    // Names people give passkeys can name them: outside the chained metadata, where erasure can clear them.
    expect(JSON.parse(renamed[0]!.metadata!)).toEqual({ passkeyId: passkey.id });
    expect(JSON.parse(renamed[0]!.personalText!)).toEqual({ from: 'Passkey', to: 'Work laptop' });
    const removed = await auditOf('user.passkey_removed', customer.user.id);
    expect(JSON.parse(removed[0]!.metadata!)).toEqual({ passkeyId: passkey.id });
    expect(JSON.parse(removed[0]!.personalText!)).toEqual({ name: 'Work laptop' });
    expect(await auditOf('user.passkey_renamed', intruder.user.id)).toEqual([]);
    expect(await auditOf('user.passkey_removed', intruder.user.id)).toEqual([]);
  });

  it('keeps the last way in: no removing the only passkey without a password or a confirmed email', async () => {
    const customer = await signedInCustomer({ password: null });
    const { passkey: first } = await addPasskey(customer);
    const { passkey: second } = await addPasskey(customer);

    expect(await removePasskey(customer.actor, first.id)).toEqual({ ok: true });
    expect(await removePasskey(customer.actor, second.id)).toMatchObject({ ok: false, error: 'last_way_in' });
    expect(await listPasskeys(customer.user.id)).toHaveLength(1);

    await db.user.update({ where: { id: customer.user.id }, data: { emailVerified: new Date() } });
    expect(await removePasskey(customer.actor, second.id)).toEqual({ ok: true });
  });

  it('lets a person with a password remove their only passkey', async () => {
    const customer = await signedInCustomer();
    const { passkey } = await addPasskey(customer);
    expect(await removePasskey(customer.actor, passkey.id)).toEqual({ ok: true });
  });

  it('decides two removals at the same moment one after the other', async () => {
    const customer = await signedInCustomer({ password: null });
    const { passkey: first } = await addPasskey(customer);
    const { passkey: second } = await addPasskey(customer);
    const results = await Promise.all([removePasskey(customer.actor, first.id), removePasskey(customer.actor, second.id)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await listPasskeys(customer.user.id)).toHaveLength(1);
  });
});
