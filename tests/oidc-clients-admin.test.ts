import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { sealAuditEvents } from '@/lib/audit/sealer';
import { deleteClient, findClient, rotateClientSecret, setClientDisabled, updateClient } from '@/lib/oidc/client-administration';
import { registerClient } from '@/lib/oidc/clients';
import { connectedApps, removeConnectedApp } from '@/lib/oidc/connected-apps';
import { forgetProvider } from '@/lib/oidc/provider';
import { currentSigningKid, listSigningKeys, rotateSigningKeysReplacing } from '@/lib/oidc/signing-keys';
import { registerClientSchema, type RegisterClientInput } from '@/lib/validation/oidc';
import { asStaff, asUser, signUpCustomer } from './support/fixtures';
import { startOidcProvider } from './support/oidc-harness';

// Client administration and connected apps, driven against the real provider: a rotated secret
// is checked by the token endpoint, a removed grant by the refresh and consent steps.

const oidc = startOidcProvider();

async function staff() {
  const { user } = await signUpCustomer();
  return asStaff(user.id);
}

const machine: RegisterClientInput = { name: 'Reporting job', type: 'confidential', redirectUris: [], grantTypes: ['client_credentials'], scopes: ['roles'] };

function messagesOf(input: unknown) {
  const parsed = registerClientSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
}

describe('registering and editing apps', () => {
  const web = { name: 'Shop', type: 'confidential', grantTypes: ['authorization_code'], scopes: ['email'] };

  it('validates redirect URIs, grants and types with the schema the form uses', () => {
    // The form sends its box's text, one URI per line; the CLI sends a list.
    expect(messagesOf({ ...web, redirectUris: 'https://shop.example.com/callback\nhttp://localhost:3000/callback\n' })).toEqual([]);
    expect(registerClientSchema.parse({ ...web, redirectUris: ' https://a.example/cb \n\nhttps://b.example/cb' }).redirectUris).toEqual(['https://a.example/cb', 'https://b.example/cb']);
    expect(messagesOf({ ...web, redirectUris: 'http://shop.example.com/callback' })).toEqual(['redirectUris: Use https (plain http only for localhost).']);
    expect(messagesOf({ ...web, redirectUris: 'https://shop.example.com/callback#x' })).toEqual(['redirectUris: A redirect URI cannot contain a fragment (#).']);
    expect(messagesOf({ ...web, redirectUris: 'shop.example.com' })).toEqual(['redirectUris: Enter a full URL, like https://app.example.com/callback.']);
    expect(messagesOf({ ...web, redirectUris: '' })).toEqual(['redirectUris: Add at least one redirect URI for the authorization code grant.']);
    expect(messagesOf({ ...web, type: 'public', redirectUris: [], grantTypes: ['client_credentials'] })).toEqual([
      'grantTypes: A public client has no secret, so it cannot use client credentials.',
    ]);
    expect(messagesOf({ ...web, redirectUris: 'https://a.example/cb', grantTypes: ['refresh_token'] })).toEqual([
      'grantTypes: Refresh tokens come only with the authorization code grant: choose it too.',
    ]);
    expect(messagesOf({ ...web, redirectUris: 'https://a.example/cb', scopes: ['email', 'everything'] })).toHaveLength(1);
  });

  it('edits an app’s settings, keeps its type, and audits each change', async () => {
    const actor = await staff();
    const registered = await registerClient({ ...web, redirectUris: ['https://shop.example.com/callback'] } as RegisterClientInput, actor);
    if (!registered.ok) throw new Error(registered.error);
    const { clientId } = registered;

    const edited = await updateClient(clientId, { ...web, name: 'Shop (new)', redirectUris: 'https://shop.example.com/cb\nhttps://shop.example.com/cb2', grantTypes: ['authorization_code', 'refresh_token'], scopes: ['email', 'profile'], firstParty: true } as RegisterClientInput, actor);
    expect(edited.ok).toBe(true);
    const saved = await findClient(clientId);
    expect(saved).toMatchObject({ name: 'Shop (new)', redirectUris: ['https://shop.example.com/cb', 'https://shop.example.com/cb2'], grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid', 'email', 'profile'], firstParty: true });

    expect(await updateClient(clientId, { ...web, type: 'public', redirectUris: ['https://shop.example.com/cb'] } as RegisterClientInput, actor)).toMatchObject({ ok: false, code: 'type_changed' });
    expect(await updateClient(clientId, { ...web, redirectUris: ['http://shop.example.com/cb'] } as RegisterClientInput, actor)).toMatchObject({ ok: false, code: 'invalid' });
    expect(await updateClient('no-such-client', { ...web, redirectUris: ['https://a.example/cb'] } as RegisterClientInput, actor)).toMatchObject({ ok: false, code: 'not_found' });
    expect((await findClient(clientId))?.name).toBe('Shop (new)');

    await sealAuditEvents();
    const events = await db.auditEvent.findMany({ where: { targetId: clientId }, orderBy: { sequence: 'asc' } });
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ['oidc.client_registered', actor.id],
      ['oidc.client_updated', actor.id],
    ]);
  });

  it('gives the administrator role the new permission', async () => {
    const admin = await db.role.findUniqueOrThrow({ where: { key: 'admin' }, include: { permissions: true } });
    expect(admin.permissions.map((p) => p.permission)).toContain('clients:manage');
    const support = await db.role.findUniqueOrThrow({ where: { key: 'support' }, include: { permissions: true } });
    expect(support.permissions.map((p) => p.permission)).not.toContain('clients:manage');
  });
});

describe('client secrets and the token endpoint', () => {
  it('rejects the old secret and accepts the new one right after a rotation', async () => {
    const actor = await staff();
    const rp = await oidc.relyingParty(machine);
    expect((await client.clientCredentialsGrant(rp.config)).access_token).toBeTruthy();

    const rotated = await rotateClientSecret(rp.clientId, actor);
    if (!rotated.ok) throw new Error(rotated.error);
    expect(rotated.clientSecret).not.toBe(rp.clientSecret);
    const row = await db.oidcClient.findUniqueOrThrow({ where: { clientId: rp.clientId } });
    expect(row.secretHash).not.toContain(rotated.clientSecret);

    await expect(client.clientCredentialsGrant(rp.config)).rejects.toMatchObject({
      status: 401,
      cause: [expect.objectContaining({ parameters: expect.objectContaining({ error: 'invalid_client' }) })],
    });
    const renewed = await oidc.configFor(rp.clientId, rotated.clientSecret);
    expect((await client.clientCredentialsGrant(renewed)).access_token).toBeTruthy();
    expect(await db.auditEvent.count({ where: { action: 'oidc.client_secret_rotated', targetId: rp.clientId, actorId: actor.id } })).toBe(1);
  });

  it('has no secret to rotate for a public app', async () => {
    const rp = await oidc.relyingParty({ type: 'public', grantTypes: ['authorization_code'] });
    expect(await rotateClientSecret(rp.clientId, await staff())).toMatchObject({ ok: false, code: 'invalid' });
    expect(await rotateClientSecret('no-such-client', await staff())).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('stops a disabled app at the token endpoint and revokes its tokens, and lets it back in when enabled', async () => {
    const actor = await staff();
    const rp = await oidc.relyingParty(machine);
    const before = await client.clientCredentialsGrant(rp.config);
    expect((await setClientDisabled(rp.clientId, true, actor)).ok).toBe(true);
    await expect(client.clientCredentialsGrant(rp.config)).rejects.toMatchObject({ status: 401 });
    expect((await setClientDisabled(rp.clientId, false, actor)).ok).toBe(true);
    expect((await client.clientCredentialsGrant(rp.config)).access_token).toBeTruthy();
    // Disabling is how an app that misbehaves is stopped: tokens it got before stay revoked.
    expect(await client.tokenIntrospection(rp.config, before.access_token)).toMatchObject({ active: false });
    expect(await db.auditEvent.count({ where: { action: 'oidc.client_updated', targetId: rp.clientId } })).toBe(2);
  });

  it('deletes an app with the grants people gave it and the tokens issued under them', async () => {
    const actor = await staff();
    const rp = await oidc.relyingParty();
    const who = await oidc.signedInCustomer();
    const { tokens } = await oidc.signIn(rp, who, 'openid email');
    expect(tokens.refresh_token).toBeTruthy();
    const grants = await db.oidcPayload.findMany({ where: { type: 'Grant', clientId: rp.clientId } });
    expect(grants).toHaveLength(1);
    const grantId = grants[0]!.id.slice('Grant:'.length);
    expect(await db.oidcPayload.count({ where: { grantId } })).toBeGreaterThan(0);

    expect((await deleteClient(rp.clientId, actor)).ok).toBe(true);
    expect(await db.oidcClient.count({ where: { clientId: rp.clientId } })).toBe(0);
    expect(await db.oidcPayload.count({ where: { OR: [{ grantId }, { type: 'Grant', clientId: rp.clientId }] } })).toBe(0);
    expect(await db.auditEvent.findFirst({ where: { action: 'oidc.client_deleted', targetId: rp.clientId } })).toMatchObject({ actorId: actor.id });
    await expect(client.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({ status: 401 });
    expect(await deleteClient(rp.clientId, actor)).toMatchObject({ ok: false, code: 'not_found' });
  });
});

describe('connected apps in the account area', () => {
  it('lists the apps a person allowed, and removing one revokes its tokens and asks for consent again', async () => {
    const rp = await oidc.relyingParty({ name: 'Partner shop' });
    const other = await oidc.relyingParty({ name: 'Partner forum' });
    const who = await oidc.signedInCustomer();
    const someoneElse = await oidc.signedInCustomer();

    const first = await oidc.signIn(rp, who, 'openid email');
    expect(first.steps).toEqual(['login', 'consent:openid email']);
    await oidc.signIn(rp, who, 'openid email profile');
    await oidc.signIn(other, who, 'openid');
    const theirs = await oidc.signIn(rp, someoneElse, 'openid email');

    const apps = await connectedApps(who.user.id);
    expect(apps.map((a) => [a.name, a.scopes])).toEqual(
      expect.arrayContaining([
        ['Partner shop', ['openid', 'profile', 'email']],
        ['Partner forum', ['openid']],
      ]),
    );
    expect(apps).toHaveLength(2);

    const { tokens } = await oidc.signIn(rp, who, 'openid email');
    expect(await client.tokenIntrospection(rp.config, tokens.access_token)).toMatchObject({ active: true });

    const removed = await removeConnectedApp(rp.clientId, asUser(who.user.id, who.session.sessionId));
    expect(removed).toEqual({ ok: true, name: 'Partner shop' });
    expect((await connectedApps(who.user.id)).map((a) => a.name)).toEqual(['Partner forum']);

    // Every token issued under the grant stops working at once.
    expect(await client.tokenIntrospection(rp.config, tokens.access_token)).toMatchObject({ active: false });
    await expect(client.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    // The app must ask again, for everything (declined here, so no new grant appears).
    expect((await oidc.authorize(rp, who, 'openid email', 'deny')).steps).toEqual(['consent:openid email']);

    // Nobody else's access to the same app is touched.
    expect(await client.tokenIntrospection(rp.config, theirs.tokens.access_token)).toMatchObject({ active: true });
    expect((await connectedApps(someoneElse.user.id)).map((a) => a.name)).toEqual(['Partner shop']);

    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'oidc.consent_revoked', actorId: who.user.id } });
    expect(event).toMatchObject({ targetType: 'user', targetId: who.user.id, sessionId: who.session.sessionId });
    expect(JSON.parse(event.metadata!)).toMatchObject({ client: 'Partner shop', clientId: rp.clientId, grants: 1 });
    expect(await removeConnectedApp(rp.clientId, asUser(who.user.id))).toMatchObject({ ok: false, code: 'not_found' });
    expect(await removeConnectedApp(other.clientId, asUser(someoneElse.user.id))).toMatchObject({ ok: false, code: 'not_found' });
    expect(await db.auditEvent.count({ where: { action: 'oidc.consent_revoked' } })).toBe(1);
  });
});

describe('signing keys from the console', () => {
  it('rotates only the key the administrator saw, keeping the old one published', async () => {
    const actor = await staff();
    // The provider makes the first key on its first request.
    await fetch(`${oidc.origin()}/oidc/.well-known/openid-configuration`);
    const current = await currentSigningKid();
    expect(current).toBeTruthy();

    expect(await rotateSigningKeysReplacing('an-older-key', actor)).toEqual({ ok: false, code: 'stale' });
    expect(await currentSigningKid()).toBe(current);

    const rotated = await rotateSigningKeysReplacing(current!, actor);
    if (!rotated.ok) throw new Error('stale');
    forgetProvider();
    expect(await currentSigningKid()).toBe(rotated.kid);
    expect(await rotateSigningKeysReplacing(current!, actor)).toEqual({ ok: false, code: 'stale' });

    const keys = await listSigningKeys();
    expect(keys[0]).toMatchObject({ kid: rotated.kid, retiredAt: null, published: true });
    expect(keys.find((k) => k.kid === current)).toMatchObject({ retiredAt: expect.any(Date), published: true });
    const jwks = (await (await fetch(`${oidc.origin()}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([rotated.kid, current]));
    expect(await db.auditEvent.count({ where: { action: 'oidc.signing_key_rotated', actorId: actor.id } })).toBe(1);
  });
});
