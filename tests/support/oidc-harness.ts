import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { afterAll, beforeAll } from 'vitest';
import { sessionCookie } from '@/lib/auth/sessions';
import { db } from '@/lib/db/client';
import { registerClient } from '@/lib/oidc/clients';
import { handleOidcRequest } from '@/lib/oidc/handle-request';
import { decideConsent, resumeInteraction } from '@/lib/oidc/interactions';
import type { RegisterClientInput } from '@/lib/validation/oidc';
import { signUpCustomer } from './fixtures';
import { interactionUser, TestBrowser } from './oidc-browser';
import { sessionFor } from './sessions';

// The real provider, behind the same handler the /oidc route uses, on a local HTTP server;
// openid-client plays the relying party. Call startOidcProvider() at the top of a test file: it starts and stops the server around the file.

export const RP = 'http://localhost:4999';

export function startOidcProvider() {
  let server: Server;
  const state = { origin: '' };

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const response = await handleOidcRequest(new Request(new URL(req.url!, state.origin), { method: req.method, headers, body }));
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((value, key) => {
        if (key !== 'set-cookie') out[key] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) out['set-cookie'] = cookies;
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    state.origin = `http://localhost:${(server.address() as AddressInfo).port}`;
    // The issuer is APP_URL + /oidc; the configuration is read lazily, so this is in time.
    process.env.APP_URL = state.origin;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The relying party's view of the provider for a client id and its secret (or none, for a public client). */
  async function configFor(clientId: string, secret: string | null) {
    const auth = secret ? client.ClientSecretBasic(secret) : client.None();
    return client.discovery(new URL(`${state.origin}/oidc`), clientId, undefined, auth, { execute: [client.allowInsecureRequests] });
  }

  async function relyingParty(input: Partial<RegisterClientInput> = {}) {
    const registered = await registerClient({
      name: 'Partner app',
      type: 'confidential',
      redirectUris: [`${RP}/callback`],
      postLogoutRedirectUris: [`${RP}/signed-out`],
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile', 'email', 'phone', 'address', 'roles', 'offline_access'],
      ...input,
    });
    if (!registered.ok) throw new Error(registered.error);
    return { ...registered, config: await configFor(registered.clientId, registered.clientSecret) };
  }

  async function signedInCustomer() {
    const customer = await signUpCustomer();
    const session = await sessionFor(customer.user.id);
    const browser = new TestBrowser(state.origin);
    browser.cookies.set(sessionCookie().name, session.token);
    return { ...customer, session, browser };
  }

  type RelyingParty = Awaited<ReturnType<typeof relyingParty>>;
  type Browsing = Awaited<ReturnType<typeof signedInCustomer>>;

  /**
   * Walks an authorization request as the browser would, answering Gatehouse's interaction
   * pages the way a signed-in person does, until the provider sends the browser back to the app.
   */
  type AuthorizeOptions = {
    /** Extra authorization parameters, such as prompt or max_age. */
    params?: Record<string, string>;
    /** Called when Gatehouse asks the person to confirm who they are; the walk then goes on. */
    confirmIdentity?: () => Promise<void>;
  };

  async function authorize(rp: RelyingParty, who: Browsing, scope: string, consent: 'allow' | 'deny' = 'allow', options: AuthorizeOptions = {}) {
    const verifier = client.randomPKCECodeVerifier();
    const stateParam = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(rp.config, {
      redirect_uri: `${RP}/callback`,
      scope,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: stateParam,
      nonce,
      ...options.params,
    });
    const steps: string[] = [];
    let location = await who.browser.redirectFrom(url);
    for (let hop = 0; hop < 10 && location.origin === state.origin; hop += 1) {
      const uid = /^\/authorize\/([^/]+)$/.exec(location.pathname)?.[1];
      if (!uid) {
        location = await who.browser.redirectFrom(location);
        continue;
      }
      // The session row, read afresh: confirming identity moves its sign-in time.
      const row = await db.session.findUniqueOrThrow({ where: { id: who.session.sessionId }, select: { authenticatedAt: true } });
      const signedIn = { ...who.session, authenticatedAt: row.authenticatedAt.toISOString() };
      const user = who.browser.cookies.has(sessionCookie().name) ? interactionUser(signedIn) : null;
      const step = await resumeInteraction({ uid, cookieHeader: who.browser.cookieHeader(), user });
      if (step.kind === 'redirect') {
        steps.push('login');
        location = await who.browser.redirectFrom(step.to);
      } else if (step.kind === 'consent') {
        steps.push(`consent:${step.scopes.join(' ')}`);
        const decided = await decideConsent({ uid, cookieHeader: who.browser.cookieHeader(), user: user!, decision: consent });
        if (!decided.ok) throw new Error(decided.code);
        location = await who.browser.redirectFrom(decided.to);
      } else if (step.kind === 'confirm_identity' && options.confirmIdentity) {
        steps.push('confirm_identity');
        await options.confirmIdentity();
      } else {
        return { steps: [...steps, step.kind], callback: location, verifier, state: stateParam, nonce };
      }
    }
    return { steps, callback: location, verifier, state: stateParam, nonce };
  }

  async function signIn(rp: RelyingParty, who: Browsing, scope: string, options: AuthorizeOptions = {}) {
    const flow = await authorize(rp, who, scope, 'allow', options);
    const tokens = await client.authorizationCodeGrant(rp.config, flow.callback, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    return { ...flow, tokens };
  }

  return { origin: () => state.origin, configFor, relyingParty, signedInCustomer, authorize, signIn };
}
