import 'server-only';
import Provider, { interactionPolicy, type KoaContextWithOIDC, type Grant } from 'oidc-provider';
import { config } from '@/lib/config';
import { everyKey } from '@/lib/crypto/keyring';
import { findActiveSession, sessionCookie } from '@/lib/auth/sessions';
import { OIDC_SCOPES } from '@/lib/validation/oidc';
import { MANAGEMENT_API_SCOPE_NAMES } from '@/lib/validation/management-api';
import { adapterFor, latestGrantId } from './adapter';
import { accountClaims, CLAIMS_BY_SCOPE } from './claims';
import { clientSecretMatches } from './clients';
import { ensureSigningKey, signingJwks } from './signing-keys';
import { recordProviderEvents } from './provider-events';
import { errorPage, logoutPage, signedOutPage } from './provider-pages';

export const OIDC_MOUNT_PATH = '/oidc';

export function oidcIssuer() {
  return `${config().appUrl}${OIDC_MOUNT_PATH}`;
}

/** Where oidc-provider sends the browser for login and consent: Gatehouse's own page. */
export function interactionPath(uid: string) {
  return `/authorize/${uid}`;
}

/**
 * Cookie-signing keys every instance derives alike, so an interaction started on one finishes on
 * another. The provider signs with the first and accepts any: after a rotation, cookies signed
 * under a previous AUTH_SECRET still verify.
 */
function cookieKeys() {
  return everyKey('gatehouse:oidc-cookies:v1').map(({ key }) => key.toString('base64url'));
}

/**
 * The login prompt also asks again when the Gatehouse session behind the provider's own
 * session has ended or now belongs to someone else: signing out of Gatehouse signs out of
 * single sign-on too, instead of leaving a second, forgotten session behind.
 */
function interactions() {
  const policy = interactionPolicy.base();
  const { Check } = interactionPolicy;
  policy.get('login')?.checks.add(
    new Check('gatehouse_session', 'The Gatehouse session ended or changed', async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return Check.NO_NEED_TO_PROMPT; // the library's own no_session check asks
      const token = ctx.cookies.get(sessionCookie().name, { signed: false });
      const session = token ? await findActiveSession(token) : null;
      return session?.userId === accountId ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
  );
  return { policy, url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => interactionPath(interaction.uid) };
}

/**
 * Consent is remembered per person and app, not per browser session: the grant given last time
 * is reused, so the consent page only asks about scopes not granted before. First-party apps
 * (the company's own) get a grant without asking.
 */
async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { provider, client, session } = ctx.oidc as KoaContextWithOIDC['oidc'] & { provider: Provider };
  const accountId = session?.accountId;
  if (!client || !accountId) return undefined;
  // Extra client metadata keeps its registered (snake_case) name.
  const firstParty = client.first_party === true;
  const grantId = (ctx.oidc.result?.consent?.grantId as string | undefined) ?? session.grantIdFor(client.clientId) ?? (await latestGrantId(accountId, client.clientId));
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  if (existing && existing.accountId === accountId) {
    if (firstParty) grantRequested(existing, ctx);
    return existing;
  }
  if (!firstParty) return undefined;
  const grant = new provider.Grant({ accountId, clientId: client.clientId });
  grantRequested(grant, ctx);
  await grant.save();
  return grant;
}

function grantRequested(grant: Grant, ctx: KoaContextWithOIDC) {
  const scope = ctx.oidc.params?.scope;
  if (typeof scope === 'string') grant.addOIDCScope(scope);
}

/**
 * Headers for the provider's answers (proxy.ts leaves /oidc alone). No form-action: the sign-out
 * confirmation and form_post responses submit to the app's own URL, which 'self' would block.
 * oidc-provider adds the hash of its one inline script (form_post) to script-src itself.
 */
async function securityHeaders(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
  ctx.set('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'");
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('X-Frame-Options', 'DENY');
  await next();
}

function createProvider(keys: Record<string, unknown>[]) {
  const provider = new Provider(oidcIssuer(), {
    adapter: adapterFor,
    findAccount: async (_ctx: unknown, sub: string) => {
      const claims = await accountClaims(sub);
      return claims ? { accountId: sub, claims: () => claims } : undefined;
    },
    jwks: { keys },
    cookies: { keys: cookieKeys() },
    claims: Object.fromEntries(Object.entries(CLAIMS_BY_SCOPE).map(([scope, claims]) => [scope, [...claims]])),
    // Management API scopes are listed too: the provider checks only listed scopes against a
    // client's registration, and would grant an unlisted one to any client that asked.
    scopes: [...OIDC_SCOPES, ...MANAGEMENT_API_SCOPE_NAMES],
    // ID tokens carry the granted scopes' claims too (roles above all), not only userinfo.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    // No client_secret_jwt: secrets are stored hashed, so there is no key to check an HMAC with.
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    extraClientMetadata: { properties: ['first_party'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: logoutPage, postLogoutSuccessSource: signedOutPage },
    },
    interactions: interactions(),
    loadExistingGrant,
    // A client allowed the refresh grant gets a refresh token; without offline_access it ends with the session.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    // Every use of a refresh token returns a new one; presenting a used one revokes the whole grant (RFC 9700 §4.14.2).
    rotateRefreshToken: true,
    // Every lifetime spelled out (seconds). The library's defaults are functions merged in at
    // start, and in the production bundle that merge came out empty for some kinds.
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      ClientCredentials: 600,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 365 * 24 * 3600,
    },
    renderError: errorPage,
  });
  provider.Client.prototype.compareClientSecret = function compareHashed(this: { clientSecret?: unknown }, actual: string) {
    return typeof this.clientSecret === 'string' && clientSecretMatches(actual, this.clientSecret);
  };
  // Behind Gatehouse's reverse proxy (or Next.js's server) X-Forwarded-Proto tells https from http.
  provider.proxy = true;
  provider.use(securityHeaders);
  recordProviderEvents(provider);
  return provider;
}

type Cached = { provider: Provider; version: string; checkedAt: number };
const KEY_CHECK_INTERVAL_MS = 30_000;
let cached: Cached | undefined;
let building: Promise<Provider> | undefined;

/**
 * The provider for this process. It keeps no state of its own (everything is in the database),
 * so it is rebuilt whenever the published signing keys change, noticed within 30 seconds of a
 * rotation made by any instance.
 */
export function getProvider(): Promise<Provider> {
  if (cached && Date.now() - cached.checkedAt < KEY_CHECK_INTERVAL_MS) return Promise.resolve(cached.provider);
  building ??= (async () => {
    await ensureSigningKey();
    const jwks = await signingJwks();
    if (cached?.version === jwks.version) {
      cached.checkedAt = Date.now();
      return cached.provider;
    }
    const provider = createProvider(jwks.keys);
    cached = { provider, version: jwks.version, checkedAt: Date.now() };
    return provider;
  })().finally(() => {
    building = undefined;
  });
  return building;
}

/** Makes the next getProvider() re-read the signing keys (after a rotation in this process). */
export function forgetProvider() {
  if (cached) cached.checkedAt = 0;
}
