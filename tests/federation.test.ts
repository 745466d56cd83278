import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { db } from '@/lib/db/client';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { customFetch } from '@auth/core';
import { loadConfig } from '@/lib/config';
import { connectionForEmail, createConnection, enterpriseProviderId, setConnectionEnabled, updateConnection } from '@/lib/federation/connections';
import { enterpriseIdpFetch, providersFor } from '@/lib/federation/providers';
import { fetchOutbound } from '@/lib/http/outbound-guard';
import { acceptUpstreamIdentity, issuerBoundSubject, type FederatedOutcome } from '@/lib/federation/federated-sign-in';
import { completePendingLink } from '@/lib/federation/pending-link';
import { decryptProviderToken } from '@/lib/federation/account-tokens';
import { upstreamIdentityFrom } from '@/lib/federation/upstream-identity';
import { createConnectionSchema } from '@/lib/validation/federation';
import { Secret, TOTP } from 'otpauth';
import { confirmTotpEnrolment, pendingTotpSetup, startTotpEnrolment } from '@/lib/auth/mfa/enrolment';
import { asStaff, asUser, GOOD_PASSWORD, newContext, signedInFrom, signUpCustomer } from './support/fixtures';
import { startUpstreamIdp, type UpstreamIdp } from './support/upstream-idp';

const REDIRECT_URI = 'http://localhost:3999/api/auth/callback/test';
const domain = `acme-${Date.now().toString(36)}.test`;
let idp: UpstreamIdp;
let staffId: string;
let connectionId: string;

/**
 * A real authorization-code flow against the upstream IdP, with openid-client as the
 * relying party (PKCE, state, nonce): the claims and tokens Auth.js would hand the
 * signIn callback after the same exchange.
 */
async function signInUpstream(email: string, at: UpstreamIdp = idp) {
  const config = await oidc.discovery(new URL(at.issuer), at.clientId, at.clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const jar = new Map<string, string>();
  let url = authorizationUrl.href;
  let body: URLSearchParams | undefined;
  for (let hops = 0; !url.startsWith(REDIRECT_URI); hops++) {
    if (hops > 10) throw new Error('the upstream IdP never redirected back');
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      body,
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      body = undefined;
    } else if (res.status === 200 && url.includes('/interaction/') && !body) {
      body = new URLSearchParams({ login: email, password: 'any password' }); // the IdP's login form
    } else {
      throw new Error(`unexpected ${res.status} from ${url}: ${await res.text()}`);
    }
  }
  const tokens = await oidc.authorizationCodeGrant(config, new URL(url), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  // Claims from userinfo, as Gatehouse's enterprise providers ask for them (idToken: false).
  const claims = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
  const account = {
    provider: enterpriseProviderId(connectionId),
    providerAccountId: claims.sub,
    type: 'oidc',
    access_token: tokens.access_token,
    id_token: tokens.id_token,
    token_type: tokens.token_type,
    scope: tokens.scope,
    expires_at: Math.floor(Date.now() / 1000) + (tokens.expiresIn() ?? 0),
  };
  return { account, claims: claims as Record<string, unknown> };
}

async function arrive(email: string, at?: UpstreamIdp) {
  const { account, claims } = await signInUpstream(email, at);
  return { account, outcome: await acceptUpstreamIdentity(upstreamIdentityFrom(account, claims), newContext()) };
}

function signedInUserId(result: FederatedOutcome) {
  if (result.kind !== 'signed_in_or_next_step') throw new Error(`expected a sign-in, got ${result.kind}`);
  return signedInFrom(result.outcome).user.id;
}

beforeAll(async () => {
  idp = await startUpstreamIdp({ redirectUris: [REDIRECT_URI], people: { [`unverified@${domain}`]: { emailVerified: false } } });
  staffId = (await signUpCustomer()).user.id;
  const input = createConnectionSchema.parse({ name: 'Acme', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, domains: `${domain.toUpperCase()}, sub.${domain}` });
  const created = await createConnection(input, asStaff(staffId));
  if (!created.ok) throw new Error(created.error);
  connectionId = created.id;
});

afterAll(async () => {
  await idp?.close();
});

describe('enterprise connections', () => {
  it('claim the email domains they list, lower-cased, and only while enabled', async () => {
    expect((await connectionForEmail(db, `Ana@${domain.toUpperCase()}`))?.id).toBe(connectionId);
    expect((await connectionForEmail(db, `ana@sub.${domain}`))?.id).toBe(connectionId);
    expect(await connectionForEmail(db, `ana@not-${domain}`)).toBeNull();
    const stored = await db.enterpriseConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(stored.domains).toBe(`${domain},sub.${domain}`);
    expect(stored.clientSecret).not.toContain(idp.clientSecret);

    const clash = await createConnection(createConnectionSchema.parse({ name: 'Copycat', issuer: idp.issuer, clientId: 'x', clientSecret: 'y', domains: domain }), asStaff(staffId));
    expect(clash).toMatchObject({ ok: false, field: 'domains' });

    await setConnectionEnabled(connectionId, false, asStaff(staffId));
    expect(await connectionForEmail(db, `ana@${domain}`)).toBeNull();
    await setConnectionEnabled(connectionId, true, asStaff(staffId));
    const audited = await db.auditEvent.findMany({ where: { targetId: connectionId }, select: { action: true } });
    expect(audited.map((e) => e.action)).toEqual(expect.arrayContaining(['connection.created', 'connection.disabled', 'connection.enabled']));
  });
});

describe('signing in through an organisation’s IdP', () => {
  it('provisions a new person just in time, from the IdP’s claims, and signs them in', async () => {
    const email = `ana.lima@${domain}`;
    const first = await arrive(email);
    expect(first.outcome).toMatchObject({ kind: 'signed_in_or_next_step', provisioned: true });
    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { attributes: true, accounts: true, roles: { include: { role: true } } } });
    expect(signedInUserId(first.outcome)).toBe(user.id);
    expect(user.name).toBe('Ana Lima');
    expect(user.emailVerified).not.toBeNull();
    expect(Object.fromEntries(user.attributes.map((a) => [a.key, a.value]))).toMatchObject({ given_name: 'Ana', family_name: 'Lima' });
    expect(user.accounts.map((a) => a.provider)).toEqual([enterpriseProviderId(connectionId)]);
    expect(user.roles.map((r) => r.role.key)).toContain('customer');
    const signIn = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.sign_in', targetId: user.id } });
    expect(JSON.parse(signIn.metadata ?? '{}')).toMatchObject({ methods: 'oidc', federated: true, provider: enterpriseProviderId(connectionId) });
    expect(await db.auditEvent.count({ where: { action: 'user.sign_up', targetId: user.id } })).toBe(1);

    const again = await arrive(email);
    expect(again.outcome).toMatchObject({ kind: 'signed_in_or_next_step', provisioned: false });
    expect(signedInUserId(again.outcome)).toBe(user.id);
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it('does not claim an address the IdP did not verify: no account is created, and the refusal is audited', async () => {
    const email = `unverified@${domain}`;
    expect((await arrive(email)).outcome).toEqual({ kind: 'refused', reason: 'email_unverified' });
    expect(await db.user.count({ where: { email } })).toBe(0);
    const refusal = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.sign_in_failed', reason: 'federation_email_unverified' }, orderBy: { occurredAt: 'desc' } });
    expect(JSON.parse(refusal.metadata ?? '{}')).toMatchObject({ federated: true, provider: enterpriseProviderId(connectionId) });
    // Nor is anything attached to an account that holds the address: that still needs its owner's sign-in.
    const { user } = await signUpCustomer({ email });
    expect((await arrive(email)).outcome).toMatchObject({ kind: 'link_required' });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
  });

  it('stores the provider’s tokens encrypted, readable only through the key', async () => {
    const email = `tokens.kept@${domain}`;
    const { account } = await arrive(email);
    const stored = await db.account.findFirstOrThrow({ where: { user: { email } } });
    expect(stored.access_token).not.toBe(account.access_token);
    expect(stored.id_token).not.toContain(account.id_token!.split('.')[1]!);
    expect(stored.access_token).toMatch(/^v1\.[\w-]{8}\/bound:/);
    expect(decryptProviderToken(stored.access_token, 'access_token', stored)).toBe(account.access_token);
    expect(decryptProviderToken(stored.id_token, 'id_token', stored)).toBe(account.id_token);
    // Bound to its column: an access token read as an ID token fails.
    expect(() => decryptProviderToken(stored.access_token, 'id_token', stored)).toThrow();
  });

  it('asks for the second factor of an account that has one, before any session starts', async () => {
    const email = `two.step@${domain}`;
    const first = await arrive(email);
    if (first.outcome.kind !== 'signed_in_or_next_step') throw new Error('expected a sign-in');
    const signedIn = signedInFrom(first.outcome.outcome);
    await startTotpEnrolment(signedIn.user.id);
    const secret = (await pendingTotpSetup(signedIn.user.id))!.manualKey.replace(/\s/g, '');
    const code = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
    const enrolled = await confirmTotpEnrolment(asUser(signedIn.user.id, signedIn.session.id), code);
    expect(enrolled.ok).toBe(true);

    const sessionsBefore = await db.session.count({ where: { userId: signedIn.user.id } });
    const again = await arrive(email);
    expect(again.outcome).toMatchObject({ kind: 'signed_in_or_next_step', outcome: { kind: 'second_factor' } });
    expect(await db.session.count({ where: { userId: signedIn.user.id } })).toBe(sessionsBefore);
  });

  it('refuses an identity outside the connection’s domains and a suspended account', async () => {
    const { account, claims } = await signInUpstream(`mallory@elsewhere-${domain}`);
    expect(await acceptUpstreamIdentity(upstreamIdentityFrom(account, claims), newContext())).toEqual({ kind: 'refused', reason: 'domain_not_allowed' });
    expect(await db.user.count({ where: { email: `mallory@elsewhere-${domain}` } })).toBe(0);

    const email = `sus.pended@${domain}`;
    const userId = signedInUserId((await arrive(email)).outcome);
    await db.user.update({ where: { id: userId }, data: { status: 'suspended' } });
    expect((await arrive(email)).outcome).toEqual({ kind: 'refused', reason: 'inactive' });
  });
});

describe('linking an upstream identity to an existing account', () => {
  it('is never done on a matching email alone, only after the owner signs in to the account', async () => {
    const { user, email } = await signUpCustomer({ email: `bo.berg@${domain}` });
    const firstTry = await arrive(email);
    if (firstTry.outcome.kind !== 'link_required') throw new Error(`expected a link request, got ${firstTry.outcome.kind}`);
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);

    // Someone else signing in does not complete it, and the pending link is spent.
    const other = await signUpCustomer();
    const otherSession = await db.session.create({ data: { sessionToken: `t-${other.user.id}`, userId: other.user.id, expires: new Date(Date.now() + 60_000), absoluteExpiresAt: new Date(Date.now() + 60_000), authMethods: 'password' } });
    expect(await completePendingLink(firstTry.outcome.linkToken, asUser(other.user.id, otherSession.id))).toEqual({ ok: false, error: 'other_account' });
    expect(await completePendingLink(firstTry.outcome.linkToken, asUser(user.id, otherSession.id))).toEqual({ ok: false, error: 'used' });
    expect(await db.account.count({ where: { userId: { in: [user.id, other.user.id] } } })).toBe(0);

    // The owner proves it with their password, then the waiting identity is linked.
    const secondTry = await arrive(email);
    if (secondTry.outcome.kind !== 'link_required') throw new Error('expected a link request');
    const proof = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    if (!proof.ok) throw new Error(proof.message);
    const signedIn = signedInFrom(proof.outcome);
    expect(await completePendingLink(secondTry.outcome.linkToken, asUser(signedIn.user.id, signedIn.session.id))).toEqual({ ok: true, providerName: 'Acme' });
    const linked = await db.account.findFirstOrThrow({ where: { userId: user.id } });
    expect(linked.provider).toBe(enterpriseProviderId(connectionId));
    expect(linked.access_token).toMatch(/^v1\.[\w-]{8}\/bound:/);
    expect(await db.auditEvent.count({ where: { action: 'user.account_linked', targetId: user.id } })).toBe(1);

    // From now on the IdP signs this same account in.
    expect(signedInUserId((await arrive(email)).outcome)).toBe(user.id);
  });
});

describe('a linked identity belongs to the issuer it came from', () => {
  it('does not follow the connection to another issuer, even when that IdP sends the same sub', async () => {
    // Another IdP whose directory has the same people under the same subjects ("upstream|<email>").
    const other = await startUpstreamIdp({ redirectUris: [REDIRECT_URI] });
    const email = `ivy.stone@${domain}`;
    try {
      const first = await arrive(email);
      const ownerId = signedInUserId(first.outcome);
      const link = await db.account.findFirstOrThrow({ where: { userId: ownerId } });
      expect(link.providerAccountId).toBe(issuerBoundSubject(idp.issuer, first.account.providerAccountId));

      const settings = { name: 'Acme', clientId: other.clientId, clientSecret: other.clientSecret, domains: [domain, `sub.${domain}`] };
      expect(await updateConnection(connectionId, { ...settings, issuer: other.issuer }, asStaff(staffId))).toEqual({ ok: true });
      const fromOther = await arrive(email, other);
      expect(fromOther.account.providerAccountId).toBe(first.account.providerAccountId); // the very same sub
      // Not signed in to the old account: the address is taken, so its owner must sign in to link.
      expect(fromOther.outcome.kind).toBe('link_required');
      expect(await db.session.count({ where: { userId: ownerId, createdAt: { gte: new Date(Date.now() - 5_000) } } })).toBe(1);
      expect(await db.account.count({ where: { userId: ownerId } })).toBe(1);

      // Back at the first issuer, the link holds again.
      expect(await updateConnection(connectionId, { ...settings, clientId: idp.clientId, clientSecret: idp.clientSecret, issuer: idp.issuer }, asStaff(staffId))).toEqual({ ok: true });
      expect(signedInUserId((await arrive(email)).outcome)).toBe(ownerId);
    } finally {
      await updateConnection(connectionId, { name: 'Acme', clientId: idp.clientId, clientSecret: idp.clientSecret, domains: [domain, `sub.${domain}`], issuer: idp.issuer }, asStaff(staffId));
      await other.close();
    }
  });
});

describe('what a connection may claim and call', () => {
  const productionEnv = { NODE_ENV: 'production', EMAIL_DEV_OUTBOX: 'true', AUTH_SECRET: process.env.AUTH_SECRET };
  const production = loadConfig(productionEnv).connections.outbound;
  const withDevelopmentIdps = loadConfig({ ...productionEnv, CONNECTIONS_ALLOW_DEVELOPMENT_IDPS: 'true' }).connections.outbound;
  const details = (overrides: Record<string, string>) =>
    createConnectionSchema.parse({ name: 'Globex', issuer: 'https://login.globex.example', clientId: 'gatehouse', clientSecret: 'secret', domains: `globex-${Date.now().toString(36)}.test`, ...overrides });
  const publicHost = async () => [{ address: '93.184.215.14', family: 4 as const }];

  it('never claims a public mail domain, and says so beside the domains field', async () => {
    for (const domains of ['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'icloud.com', 'proton.me', 'globex.example, GMail.com']) {
      const result = await createConnection(details({ domains }), asStaff(staffId), { resolve: publicHost });
      expect(result, domains).toMatchObject({ ok: false, field: 'domains', error: expect.stringMatching(/is a public mail service/) });
    }
    expect(await createConnection(details({ domains: 'gmail.com' }), asStaff(staffId))).toMatchObject({ error: expect.stringContaining('gmail.com') });
    const edited = await updateConnection(connectionId, { ...details({ domains: `${domain}, outlook.com` }), issuer: idp.issuer, clientSecret: undefined }, asStaff(staffId));
    expect(edited).toMatchObject({ ok: false, field: 'domains', error: expect.stringContaining('outlook.com') });
    expect((await db.enterpriseConnection.findUniqueOrThrow({ where: { id: connectionId } })).domains).toBe(`${domain},sub.${domain}`);
    expect(await db.enterpriseConnection.count({ where: { name: 'Globex' } })).toBe(0);
  });

  it('needs an https issuer at a public address in production, unless development IdPs are switched on', async () => {
    expect(production).toEqual({ allowPrivateNetworks: false, allowHttp: false });
    const actor = asStaff(staffId);
    const refusals: [string, RegExp][] = [
      ['http://login.globex.example', /https:\/\//],
      [idp.issuer, /https:\/\//],
      ['https://127.0.0.1:8443', /private network/],
      ['https://169.254.169.254', /private network/],
      ['https://[fd00:ec2::254]', /private network/],
      ['https://0x7f000001', /private network/],
    ];
    for (const [issuer, message] of refusals) {
      expect(await createConnection(details({ issuer }), actor, { outbound: production, resolve: publicHost }), issuer).toMatchObject({ ok: false, field: 'issuer', error: expect.stringMatching(message) });
    }
    // A name that resolves to this machine is refused too.
    expect(await createConnection(details({ issuer: 'https://localhost:8443' }), actor, { outbound: production })).toMatchObject({ ok: false, field: 'issuer', error: expect.stringMatching(/private network/) });
    expect(await db.enterpriseConnection.count({ where: { name: 'Globex' } })).toBe(0);

    const allowed = await createConnection(details({ issuer: idp.issuer }), actor, { outbound: withDevelopmentIdps });
    expect(allowed.ok).toBe(true);
    if (allowed.ok) await db.enterpriseConnection.delete({ where: { id: allowed.id } });
  });

  it('sends every request to the IdP through the outbound guard', async () => {
    const [provider] = (await providersFor(`/api/auth/callback/${enterpriseProviderId(connectionId)}`)).filter((p) => typeof p !== 'function' && p.id === enterpriseProviderId(connectionId));
    expect((provider as unknown as Record<symbol, unknown>)[customFetch]).toBe(enterpriseIdpFetch);
    // Under the production policy the development IdP's discovery, token and userinfo endpoints are out of reach.
    await expect(fetchOutbound(`${idp.issuer}/.well-known/openid-configuration`, undefined, production)).rejects.toThrow('refused: https required');
    await expect(fetchOutbound(`${idp.issuer.replace('http:', 'https:')}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code' }) }, production)).rejects.toThrow('refused: private network address');
    // Where it is allowed, the guard answers as fetch would.
    const discovery = await enterpriseIdpFetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(idp.issuer);
  });
});

describe('GitHub identities', () => {
  it('vouch for the primary address only when GitHub verified it', async () => {
    const { createServer } = await import('node:http');
    const { gitHubProfileWithVerifiedEmail } = await import('@/lib/federation/github-profile');
    let emails: { email: string; primary: boolean; verified: boolean }[] = [];
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== 'Bearer gho_test') return void res.writeHead(401).end('{}');
      res.end(JSON.stringify(req.url === '/user/emails' ? emails : { id: 42, login: 'octo', email: null }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      emails = [{ email: 'octo@example.test', primary: true, verified: true }];
      expect(await gitHubProfileWithVerifiedEmail('gho_test', base)).toMatchObject({ id: 42, email: 'octo@example.test', email_verified: true });
      emails = [{ email: 'victim@example.test', primary: true, verified: false }];
      const unverified = await gitHubProfileWithVerifiedEmail('gho_test', base);
      expect(unverified).toMatchObject({ email: 'victim@example.test', email_verified: false });
      // Read as any identity is, it creates no account.
      const identity = upstreamIdentityFrom({ provider: 'github', providerAccountId: `gh-${Date.now()}`, type: 'oauth' }, unverified);
      expect(await acceptUpstreamIdentity(identity, newContext())).toEqual({ kind: 'refused', reason: 'email_unverified' });
    } finally {
      server.close();
    }
  });
});
