import * as client from 'openid-client';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import * as users from '@/app/api/v1/users/route';
import { config } from '@/lib/config';
import { db } from '@/lib/db/client';
import { systemActor } from '@/lib/audit/actor';
import { createSession } from '@/lib/auth/sessions';
import { requestPasswordReset, resetPassword } from '@/lib/auth/password-reset';
import { setPassword } from '@/lib/auth/password-management';
import { confirmTotpEnrolment, pendingTotpSetup, startTotpEnrolment } from '@/lib/auth/mfa/enrolment';
import { findClient, rotateClientSecret, setClientDisabled, updateClient } from '@/lib/oidc/client-administration';
import { requestEmailChange, reportEmailChange } from '@/lib/users/email-change';
import { revokeCustomerSessions, suspendCustomer } from '@/lib/users/support-actions';
import type { RegisterClientInput } from '@/lib/validation/oidc';
import { asStaff, asUser, lastEmailTo, newContext, signUpCustomer, tokenFrom, uniqueEmail } from './support/fixtures';
import { startOidcProvider } from './support/oidc-harness';

// Item 14 of issue 9: when Gatehouse signs a person out everywhere because their account may be
// in someone else's hands, the apps they signed in to lose their tokens too; when an app's
// secret, scopes or standing change, its own client-credentials tokens go.
const oidc = startOidcProvider();
const { relyingParty, signedInCustomer, signIn } = oidc;

type Customer = Awaited<ReturnType<typeof signedInCustomer>>;

async function supportAgent() {
  const { user } = await signUpCustomer();
  const role = await db.role.findUniqueOrThrow({ where: { key: 'support' } });
  await db.userRole.create({ data: { userId: user.id, roleId: role.id } });
  const { session } = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
  return asStaff(user.id, session.id);
}

const TRIGGERS: Record<string, (who: Customer) => Promise<unknown>> = {
  'a password reset': async (who) => {
    // A confirmed address: a first mailbox proof of a never-confirmed one removes the grant too (unproven accounts).
    await db.user.update({ where: { id: who.user.id }, data: { emailVerified: new Date() } });
    await requestPasswordReset(who.email, newContext());
    expect(await resetPassword(tokenFrom((await lastEmailTo(who.email))!.text), 'a brand new passphrase', newContext())).toMatchObject({ ok: true });
  },
  'a password change': async (who) => {
    expect(await setPassword(who.session, 'another sensible passphrase', newContext())).toEqual({ ok: true });
  },
  '"this was not me" about an email change': async (who) => {
    expect(await requestEmailChange(who.session, uniqueEmail('attacker'), newContext())).toEqual({ ok: true });
    expect(await reportEmailChange(tokenFrom((await lastEmailTo(who.email))!.text), newContext())).toMatchObject({ ok: true });
  },
  'staff signing the customer out everywhere': async (who) => {
    expect(await revokeCustomerSessions(who.user.id, await supportAgent())).toMatchObject({ ok: true });
  },
  'a suspension': async (who) => {
    expect(await suspendCustomer(who.user.id, 'Reported fraud', await supportAgent())).toMatchObject({ ok: true });
  },
  'turning on two-step verification': async (who) => {
    await startTotpEnrolment(who.user.id);
    const secret = (await pendingTotpSetup(who.user.id))!.manualKey.replace(/\s/g, '');
    const code = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
    expect(await confirmTotpEnrolment(asUser(who.user.id, who.session.sessionId), code)).toMatchObject({ ok: true });
  },
};

/** "This was not me" takes back every app grant as well (item 10): the person reconsents when they return. */
const ENDS_CONSENT = new Set(['"this was not me" about an email change']);

describe('revocation reaches apps', () => {
  for (const [event, trigger] of Object.entries(TRIGGERS)) {
    it(`refuses an app's refresh and access tokens issued before ${event}, and ends the provider session`, async () => {
      const rp = await relyingParty();
      const who = await signedInCustomer();
      const { tokens } = await signIn(rp, who, 'openid email');
      expect(await client.tokenIntrospection(rp.config, tokens.access_token)).toMatchObject({ active: true });
      expect(await db.oidcPayload.count({ where: { type: 'Session', accountId: who.user.id } })).toBe(1);

      await trigger(who);

      await expect(client.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
      expect(await client.tokenIntrospection(rp.config, tokens.access_token)).toMatchObject({ active: false });
      await expect(client.fetchUserInfo(rp.config, tokens.access_token, who.user.id)).rejects.toThrow();
      expect(await db.oidcPayload.count({ where: { type: 'Session', accountId: who.user.id } })).toBe(0);
      // Elsewhere consent is not what was compromised: the grant stays, so signing in again does not ask for it.
      expect(await db.oidcPayload.count({ where: { type: 'Grant', accountId: who.user.id } })).toBe(ENDS_CONSENT.has(event) ? 0 : 1);
    });
  }

  it('leaves other people’s app tokens alone', async () => {
    const rp = await relyingParty();
    const [who, other] = [await signedInCustomer(), await signedInCustomer()];
    await signIn(rp, who, 'openid email');
    const { tokens } = await signIn(rp, other, 'openid email');
    await TRIGGERS['staff signing the customer out everywhere']!(who);
    expect(await client.tokenIntrospection(rp.config, tokens.access_token)).toMatchObject({ active: true });
    expect((await client.refreshTokenGrant(rp.config, tokens.refresh_token!)).access_token).toBeTruthy();
  });
});

describe('an app’s own tokens', () => {
  const system = systemActor();

  async function machine() {
    const rp = await relyingParty({ grantTypes: ['client_credentials'], redirectUris: [], postLogoutRedirectUris: [], scopes: ['users:read', 'users:write'] as RegisterClientInput['scopes'] });
    const { access_token: token } = await client.clientCredentialsGrant(rp.config, { scope: 'users:read' });
    return { rp, token };
  }

  function listUsers(token: string) {
    const headers = new Headers({ 'user-agent': 'oidc-app-revocation-test', authorization: `Bearer ${token}` });
    return users.GET(new Request(`${config().appUrl}/api/v1/users`, { headers }));
  }

  async function settingsOf(clientId: string): Promise<RegisterClientInput> {
    const c = (await findClient(clientId))!;
    return { name: c.name, type: c.type, redirectUris: c.redirectUris, postLogoutRedirectUris: c.postLogoutRedirectUris, grantTypes: c.grantTypes, scopes: c.scopes, firstParty: c.firstParty } as RegisterClientInput;
  }

  it('stop working at the management API once the app’s secret is rotated', async () => {
    const { rp, token } = await machine();
    expect((await listUsers(token)).status).toBe(200);
    expect(await rotateClientSecret(rp.clientId, system)).toMatchObject({ ok: true });
    expect((await listUsers(token)).status).toBe(401);
  });

  it('are revoked when the app’s scopes change, not when only its name does', async () => {
    const { rp, token } = await machine();
    expect(await updateClient(rp.clientId, { ...(await settingsOf(rp.clientId)), name: 'Renamed backend' }, system)).toMatchObject({ ok: true });
    expect(await client.tokenIntrospection(rp.config, token)).toMatchObject({ active: true });
    expect(await updateClient(rp.clientId, { ...(await settingsOf(rp.clientId)), scopes: ['users:read'] as RegisterClientInput['scopes'] }, system)).toMatchObject({ ok: true });
    expect(await client.tokenIntrospection(rp.config, token)).toMatchObject({ active: false });
    expect((await listUsers(token)).status).toBe(401);
  });

  it('are revoked when the app is disabled, and stay revoked once it is enabled again', async () => {
    const { rp, token } = await machine();
    expect(await setClientDisabled(rp.clientId, true, system)).toMatchObject({ ok: true });
    expect(await setClientDisabled(rp.clientId, false, system)).toMatchObject({ ok: true });
    expect(await client.tokenIntrospection(rp.config, token)).toMatchObject({ active: false });
    expect((await listUsers(token)).status).toBe(401);
  });
});
