import { createPublicKey, verify } from 'node:crypto';
import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { sessionCookie } from '@/lib/auth/sessions';
import { assignRole } from '@/lib/rbac/assignments';
import { forgetProvider } from '@/lib/oidc/provider';
import { listSigningKeys, rotateSigningKeys } from '@/lib/oidc/signing-keys';
import { reauthenticateWithPassword } from '@/lib/auth/reauthenticate';
import { newContext, seededAdministrator } from './support/fixtures';
import { RP, startOidcProvider } from './support/oidc-harness';
import type { sessionFor } from './support/sessions';
import { TestBrowser } from './support/oidc-browser';

// The real provider, behind the same handler the /oidc route uses, on a local HTTP server;
// openid-client plays the relying party (tests/support/oidc-harness.ts).
const oidc = startOidcProvider();
const { relyingParty, signedInCustomer, authorize, signIn } = oidc;

describe('Gatehouse as an OpenID Provider', () => {
  it('publishes discovery metadata and a JWKS under /oidc', async () => {
    const rp = await relyingParty();
    const metadata = rp.config.serverMetadata();
    expect(metadata.issuer).toBe(`${oidc.origin()}/oidc`);
    expect(metadata.authorization_endpoint).toBe(`${oidc.origin()}/oidc/auth`);
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'phone', 'address', 'roles']));
    expect(metadata.code_challenge_methods_supported).toContain('S256');
    expect(metadata.end_session_endpoint).toBeTruthy();
    expect(metadata.introspection_endpoint).toBeTruthy();
    expect(metadata.revocation_endpoint).toBeTruthy();
    const jwks = (await (await fetch(metadata.jwks_uri!)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(key).not.toHaveProperty('d'); // never the private half
    }
  });

  it('stores client secrets hashed and issues client-credentials tokens only for the right secret', async () => {
    const rp = await relyingParty({ grantTypes: ['client_credentials'], redirectUris: [], scopes: ['roles'] });
    const row = await db.oidcClient.findUniqueOrThrow({ where: { clientId: rp.clientId } });
    expect(row.secretHash).toBeTruthy();
    expect(row.secretHash).not.toContain(rp.clientSecret!);

    const token = await client.clientCredentialsGrant(rp.config);
    expect(token.access_token).toBeTruthy();
    const introspected = await client.tokenIntrospection(rp.config, token.access_token);
    expect(introspected).toMatchObject({ active: true, client_id: rp.clientId });
    expect(await db.auditEvent.count({ where: { action: 'oidc.token_issued', actorId: rp.clientId } })).toBe(1);

    const impostor = await client.discovery(new URL(`${oidc.origin()}/oidc`), rp.clientId, undefined, client.ClientSecretBasic('not-the-secret'), {
      execute: [client.allowInsecureRequests],
    });
    await expect(client.clientCredentialsGrant(impostor)).rejects.toMatchObject({
      status: 401,
      cause: [expect.objectContaining({ parameters: expect.objectContaining({ error: 'invalid_client' }) })],
    });
  });

  it('signs in a signed-in customer with code + PKCE, asks consent once, and releases claims by scope', async () => {
    const rp = await relyingParty();
    const who = await signedInCustomer();
    await db.userAttribute.createMany({
      data: [
        { userId: who.user.id, key: 'given_name', value: 'Ada', searchValue: 'ada' },
        { userId: who.user.id, key: 'family_name', value: 'Lovelace', searchValue: 'lovelace' },
        { userId: who.user.id, key: 'phone', value: '+441234567890', searchValue: '+441234567890' },
      ],
    });
    await db.user.update({ where: { id: who.user.id }, data: { name: 'Ada Lovelace' } });
    const staffRole = await db.role.findFirstOrThrow({ where: { builtIn: true }, orderBy: { key: 'asc' } });
    expect((await assignRole(who.user.id, staffRole.key, await seededAdministrator())).ok).toBe(true);

    const roles = (await db.userRole.findMany({ where: { userId: who.user.id }, include: { role: true } })).map((r) => r.role.key).sort();
    expect(roles).toContain(staffRole.key);

    const first = await signIn(rp, who, 'openid email roles');
    expect(first.steps).toEqual(['login', 'consent:openid email roles']);
    const claims = first.tokens.claims()!;
    expect(claims).toMatchObject({ sub: who.user.id, email: who.email, email_verified: false, roles });
    expect(claims).not.toHaveProperty('name'); // profile was not asked for

    const userinfo = await client.fetchUserInfo(rp.config, first.tokens.access_token, who.user.id);
    expect(userinfo).toMatchObject({ sub: who.user.id, email: who.email, roles });
    expect(userinfo).not.toHaveProperty('given_name');
    expect(userinfo).not.toHaveProperty('phone_number');

    // The same scopes again: no consent page. More scopes: consent only for the new ones.
    const again = await signIn(rp, who, 'openid email roles');
    expect(again.steps).toEqual([]);
    const more = await signIn(rp, who, 'openid email roles profile phone');
    expect(more.steps).toEqual(['consent:profile phone']);
    const fuller = await client.fetchUserInfo(rp.config, more.tokens.access_token, who.user.id);
    expect(fuller).toMatchObject({ name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace', phone_number: '+441234567890', phone_number_verified: false });
    expect(fuller).not.toHaveProperty('address');

    expect(await db.auditEvent.count({ where: { action: 'oidc.consent_granted', actorId: who.user.id } })).toBe(2);
    expect(await db.auditEvent.count({ where: { action: 'oidc.authorized', actorId: who.user.id, targetId: rp.clientId } })).toBe(3);
  });

  it('sends an anonymous visitor to sign in, and returns to the app when they decline consent', async () => {
    const rp = await relyingParty();
    const who = await signedInCustomer();
    const anonymous = { ...who, browser: new TestBrowser(oidc.origin()) };
    expect((await authorize(rp, anonymous, 'openid email')).steps).toEqual(['sign_in']);

    const declined = await authorize(rp, who, 'openid email', 'deny');
    expect(declined.callback.origin + declined.callback.pathname).toBe(`${RP}/callback`);
    expect(declined.callback.searchParams.get('error')).toBe('access_denied');
  });

  it('requires PKCE from public clients', async () => {
    const rp = await relyingParty({ type: 'public', grantTypes: ['authorization_code'] });
    const who = await signedInCustomer();
    const url = client.buildAuthorizationUrl(rp.config, { redirect_uri: `${RP}/callback`, scope: 'openid', state: 'x' });
    const location = await who.browser.redirectFrom(url);
    expect(location.origin + location.pathname).toBe(`${RP}/callback`);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);

    const flow = await signIn(rp, who, 'openid email');
    expect(flow.tokens.claims()?.email).toBe(who.email);
  });

  it('gives a second app single sign-on, skipping consent for first-party apps', async () => {
    const partner = await relyingParty();
    const own = await relyingParty({ name: 'Company shop', firstParty: true });
    const who = await signedInCustomer();
    await signIn(partner, who, 'openid email');
    // The provider's own session now exists: the second app needs neither sign-in nor consent.
    const second = await signIn(own, who, 'openid email profile');
    expect(second.steps).toEqual([]);
    expect(second.tokens.claims()?.sub).toBe(who.user.id);
  });

  it('asks again once the Gatehouse session behind single sign-on is revoked', async () => {
    const rp = await relyingParty({ firstParty: true });
    const who = await signedInCustomer();
    await signIn(rp, who, 'openid');
    await db.session.update({ where: { id: who.session.sessionId }, data: { revokedAt: new Date() } });
    who.browser.cookies.delete(sessionCookie().name);
    expect((await authorize(rp, who, 'openid')).steps).toEqual(['sign_in']);
  });

  it('rotates refresh tokens and rejects a used one, revoking the grant', async () => {
    const rp = await relyingParty();
    const who = await signedInCustomer();
    const { tokens } = await signIn(rp, who, 'openid email');
    const first = tokens.refresh_token!;
    expect(first).toBeTruthy();
    const refreshed = await client.refreshTokenGrant(rp.config, first);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(first);

    await expect(client.refreshTokenGrant(rp.config, first)).rejects.toMatchObject({ error: 'invalid_grant' });
    // Reuse means the token may be stolen: the whole grant goes, the newer token with it.
    await expect(client.refreshTokenGrant(rp.config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('revokes access tokens and introspects them as inactive afterwards', async () => {
    const rp = await relyingParty();
    const who = await signedInCustomer();
    const { tokens } = await signIn(rp, who, 'openid email');
    expect(await client.tokenIntrospection(rp.config, tokens.access_token)).toMatchObject({ active: true, sub: who.user.id, client_id: rp.clientId });
    await client.tokenRevocation(rp.config, tokens.access_token);
    expect(await client.tokenIntrospection(rp.config, tokens.access_token)).toMatchObject({ active: false });
    await expect(client.fetchUserInfo(rp.config, tokens.access_token, who.user.id)).rejects.toThrow();
  });

  it('ends the provider and Gatehouse sessions on RP-initiated logout', async () => {
    const rp = await relyingParty();
    const who = await signedInCustomer();
    const { tokens } = await signIn(rp, who, 'openid');
    const endSession = client.buildEndSessionUrl(rp.config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${RP}/signed-out` });
    const confirm = await who.browser.request(endSession);
    const page = await confirm.text();
    expect(page).toContain('Sign out of');
    // The confirmation form returns to the app's own URL: a form-action 'self' policy would block that.
    expect(confirm.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(confirm.headers.get('content-security-policy')).not.toMatch(/form-action/);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
    const action = /action="([^"]+)"/.exec(page)?.[1];
    expect(xsrf && action).toBeTruthy();
    const done = await who.browser.request(action!, { method: 'POST', body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }) });
    expect(done.headers.get('location')).toMatch(new RegExp(`^${RP}/signed-out`));
    const session = await db.session.findUniqueOrThrow({ where: { id: who.session.sessionId } });
    expect(session.revokedAt).not.toBeNull();
    expect((await authorize(rp, { ...who }, 'openid')).steps).toEqual(['sign_in']);
  });

  it('asks a signed-in person to confirm who they are when the app sends prompt=login, then signs them in', async () => {
    const rp = await relyingParty();
    const who = await signedInCustomer();
    // Signed in a minute ago: the provider's request times are in whole seconds.
    await db.session.update({ where: { id: who.session.sessionId }, data: { authenticatedAt: new Date(Date.now() - 60_000) } });
    await signIn(rp, who, 'openid');
    const before = await db.session.findUniqueOrThrow({ where: { id: who.session.sessionId } });

    // Without confirming, the request goes no further than the confirmation step.
    expect((await authorize(rp, who, 'openid', 'allow', { params: { prompt: 'login' } })).steps).toEqual(['confirm_identity']);
    // The waiting interaction names the person, so erasure and legal hold find it.
    expect(await db.oidcPayload.count({ where: { type: 'Interaction', accountId: who.user.id } })).toBeGreaterThan(0);

    const again = await signIn(rp, who, 'openid', { params: { prompt: 'login' }, confirmIdentity: () => confirmWithPassword(who) });
    expect(again.steps).toEqual(['confirm_identity', 'login']);
    const after = await db.session.findUniqueOrThrow({ where: { id: who.session.sessionId } });
    expect(after.authenticatedAt.getTime()).toBeGreaterThan(before.authenticatedAt.getTime());
    expect(again.tokens.claims()!.auth_time).toBe(Math.floor(after.authenticatedAt.getTime() / 1000));
    expect(await db.auditEvent.count({ where: { action: 'user.step_up', actorId: who.user.id } })).toBe(1);
  });

  it('accepts a sign-in younger than max_age and confirms an older one', async () => {
    const rp = await relyingParty();
    const who = await signedInCustomer();
    const twentyMinutesAgo = new Date(Date.now() - 20 * 60_000);
    await db.session.update({ where: { id: who.session.sessionId }, data: { authenticatedAt: twentyMinutesAgo } });
    await signIn(rp, who, 'openid');

    // The provider's single sign-on session carries the Gatehouse sign-in time, so it answers alone.
    const recentEnough = await signIn(rp, who, 'openid', { params: { max_age: '3600' } });
    expect(recentEnough.steps).toEqual([]);
    expect(recentEnough.tokens.claims()!.auth_time).toBe(Math.floor(twentyMinutesAgo.getTime() / 1000));

    expect((await authorize(rp, who, 'openid', 'allow', { params: { max_age: '600' } })).steps).toEqual(['confirm_identity']);
    const confirmed = await signIn(rp, who, 'openid', { params: { max_age: '600' }, confirmIdentity: () => confirmWithPassword(who) });
    expect(confirmed.steps).toEqual(['confirm_identity', 'login']);
    expect(Date.now() / 1000 - confirmed.tokens.claims()!.auth_time!).toBeLessThan(600);
  });

  it('treats max_age=0 like prompt=login: confirmed once, then signed in', async () => {
    const rp = await relyingParty();
    const who = await signedInCustomer();
    await db.session.update({ where: { id: who.session.sessionId }, data: { authenticatedAt: new Date(Date.now() - 60_000) } });
    await signIn(rp, who, 'openid');
    const confirmed = await signIn(rp, who, 'openid', { params: { max_age: '0' }, confirmIdentity: () => confirmWithPassword(who) });
    expect(confirmed.steps).toEqual(['confirm_identity', 'login']);
  });

  it('answers login_required, instead of looping, when id_token_hint names someone other than the signed-in person', async () => {
    const rp = await relyingParty();
    const other = await signedInCustomer();
    const otherToken = (await signIn(rp, other, 'openid')).tokens.id_token!;
    const who = await signedInCustomer();
    await signIn(rp, who, 'openid');

    const flow = await authorize(rp, who, 'openid', 'allow', { params: { id_token_hint: otherToken } });
    expect(flow.callback.origin).toBe(RP);
    expect(flow.callback.searchParams.get('error')).toBe('login_required');
    expect(flow.steps.length).toBeLessThanOrEqual(2);

    // The hint naming the signed-in person is fine.
    const ownToken = (await signIn(rp, who, 'openid')).tokens.id_token!;
    expect((await signIn(rp, who, 'openid', { params: { id_token_hint: ownToken } })).tokens.claims()!.sub).toBe(who.user.id);
  });

  it('keeps tokens signed before a key rotation verifiable, and signs new ones with the new key', async () => {
    const rp = await relyingParty();
    const who = await signedInCustomer();
    const before = await signIn(rp, who, 'openid');
    const oldKid = kidOf(before.tokens.id_token!);

    const { kid: newKid } = await rotateSigningKeys();
    forgetProvider();
    const jwks = (await (await fetch(rp.config.serverMetadata().jwks_uri!)).json()) as { keys: (Record<string, unknown> & { kid: string })[] };
    // Keys retired by earlier tests in this database may still be inside their grace period,
    // so the set is compared with what the console says is published, not with two kids.
    const kids = jwks.keys.map((k) => k.kid);
    expect(kids[0]).toBe(newKid);
    expect(kids).toContain(oldKid);
    const published = (await listSigningKeys()).filter((k) => k.published).map((k) => k.kid);
    expect([...kids].sort()).toEqual([...published].sort());
    expect(verifies(before.tokens.id_token!, jwks.keys)).toBe(true);

    const after = await signIn(rp, who, 'openid');
    expect(kidOf(after.tokens.id_token!)).toBe(newKid);
    expect(verifies(after.tokens.id_token!, jwks.keys)).toBe(true);
    expect(await db.oidcSigningKey.count({ where: { kid: oldKid, retiredAt: { not: null } } })).toBe(1);
  });
});

/** The person types their password on the confirm-identity page, as the page's action does. */
async function confirmWithPassword(who: { session: Awaited<ReturnType<typeof sessionFor>>; password: string | null }) {
  const result = await reauthenticateWithPassword(who.session, who.password!, newContext());
  if (!result.ok) throw new Error(JSON.stringify(result));
}

function kidOf(jwt: string) {
  return (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
}

/** RS256 check against the published JWKS, with Node's own crypto rather than the provider's. */
function verifies(jwt: string, keys: (Record<string, unknown> & { kid: string })[]) {
  const [header, payload, signature] = jwt.split('.');
  const jwk = keys.find((k) => k.kid === kidOf(jwt));
  if (!jwk) return false;
  const key = createPublicKey({ key: jwk as unknown as import('node:crypto').JsonWebKey, format: 'jwk' });
  return verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature!, 'base64url'));
}
