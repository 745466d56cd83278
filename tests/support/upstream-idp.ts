import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// oidc-provider ships no type declarations.
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore
import Provider from 'oidc-provider';

/**
 * A real OpenID Provider (panva's oidc-provider) standing in for a customer
 * organisation's IdP in tests. One static confidential client; its login page takes
 * any work email and password, like a directory where everyone exists. Claims
 * follow the address: "ana.lima@acme.test" is Ana Lima, email verified, unless the
 * test says otherwise in `people`.
 */
export type UpstreamPerson = { givenName?: string; familyName?: string; emailVerified?: boolean };
export type UpstreamIdp = { issuer: string; clientId: string; clientSecret: string; close: () => Promise<void> };

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function claimsFor(email: string, person: UpstreamPerson | undefined) {
  const [first = 'Pat', last = 'Example'] = email.split('@')[0]!.split(/[._-]/);
  return {
    sub: `upstream|${email}`,
    email,
    email_verified: person?.emailVerified ?? true,
    given_name: person?.givenName ?? capitalise(first),
    family_name: person?.familyName ?? capitalise(last),
    name: `${person?.givenName ?? capitalise(first)} ${person?.familyName ?? capitalise(last)}`,
  };
}

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme sign-in</title></head><body style="font-family:sans-serif;max-width:24rem;margin:3rem auto">${body}</body></html>`;

/** How the IdP names itself: an organisation's directory by default, or a consumer identity service. */
export type UpstreamBrand = { heading: string; short: string };
const ACME: UpstreamBrand = { heading: 'Acme Corporation', short: 'Acme' };

const loginForm = (uid: string, client: string, brand: UpstreamBrand) =>
  page(`<h1>${brand.heading}</h1><p>Sign in to continue to ${client}</p>
<form method="post" action="/interaction/${uid}">
<p><label for="login">Work email</label><br><input id="login" name="login" type="email" required></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" required></p>
<button type="submit">Sign in to ${brand.short}</button></form>`);

async function formBody(req: IncomingMessage) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return new URLSearchParams(raw);
}

export async function startUpstreamIdp(options: {
  /** A fixed port, when the issuer must be known before the IdP starts (an e2e server's settings); otherwise a free one. */
  port?: number;
  redirectUris: string[];
  /** Accept any redirect URI under this prefix (an e2e connection's callback URL holds an id made at run time). */
  redirectUriPrefix?: string;
  people?: Record<string, UpstreamPerson>;
  brand?: UpstreamBrand;
}): Promise<UpstreamIdp> {
  // Listening first: the issuer names the port, and a free one lets the SQLite and PostgreSQL runs overlap.
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, 'localhost', resolve));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const clientId = 'gatehouse';
  const clientSecret = 'upstream-client-secret-for-tests-only';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: options.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    cookies: { keys: ['upstream-idp-cookie-key-for-tests'] },
    ttl: { Session: 3600, Grant: 3600, Interaction: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, sub: string) => {
      const email = sub.replace(/^upstream\|/, '');
      return { accountId: sub, claims: async () => claimsFor(email, options.people?.[email]) };
    },
  });
  if (options.redirectUriPrefix) {
    const prefix = options.redirectUriPrefix;
    provider.Client.prototype.redirectUriAllowed = (uri: string) => uri.startsWith(prefix);
  }
  const callback = provider.callback();
  async function handle(req: IncomingMessage, res: ServerResponse) {
    try {
      if (!req.url?.startsWith('/interaction/')) return callback(req, res);
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(loginForm(details.uid, String(details.params.client_id), options.brand ?? ACME));
      }
      const login = (await formBody(req)).get('login')?.trim().toLowerCase() ?? '';
      const accountId = `upstream|${login}`;
      // The person consents by signing in; an organisation's IdP rarely asks for more.
      const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  }
  return { issuer, clientId, clientSecret, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
