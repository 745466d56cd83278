import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import * as client from 'openid-client';
import { E2E_AUTH_SECRET, E2E_DATABASE_URL } from '../../playwright.config';
import { PASSWORD } from './journeys';

/**
 * A tiny company app that signs people in with Gatehouse, the way a real one would: it
 * discovers the provider, sends the browser to it with PKCE, exchanges the code and shows
 * who came back. Registered with the operator's CLI on the e2e server's database.
 */
export async function startRelyingParty(options: { name: string; issuer: string; firstParty?: boolean }) {
  const pending = new Map<string, { verifier: string; nonce: string }>();
  // The ID token of the last sign-in: the app names the session it ends with it (id_token_hint).
  let lastIdToken: string | undefined;
  // Discovered once the server has a port to register its redirect URI with.
  const provider: { config?: client.Configuration } = {};
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    const html = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html><html><head><title>${options.name}</title></head><body><h1>${options.name}</h1>${body}</body></html>`);
    };
    try {
      // The second link is what a bank's app does before a payment: it asks for a sign-in made just now.
      if (url.pathname === '/') return html('<a href="/login">Sign in with Gatehouse</a> <a href="/login?prompt=login">Confirm it is you, then pay</a>');
      if (url.pathname === '/login') {
        const verifier = client.randomPKCECodeVerifier();
        const state = client.randomState();
        const nonce = client.randomNonce();
        pending.set(state, { verifier, nonce });
        const to = client.buildAuthorizationUrl(provider.config!, {
          redirect_uri: `${base}/callback`,
          scope: 'openid email profile',
          code_challenge: await client.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          nonce,
          ...(url.searchParams.get('prompt') ? { prompt: url.searchParams.get('prompt')! } : {}),
        });
        res.writeHead(302, { location: to.href });
        return res.end();
      }
      if (url.pathname === '/callback') {
        const state = url.searchParams.get('state') ?? '';
        const checks = pending.get(state);
        if (!checks) return html(`<p>Sign-in failed: ${url.searchParams.get('error') ?? 'unknown state'}</p>`);
        pending.delete(state);
        const tokens = await client.authorizationCodeGrant(provider.config!, url, { pkceCodeVerifier: checks.verifier, expectedState: state, expectedNonce: checks.nonce });
        const claims = tokens.claims()!;
        const userinfo = await client.fetchUserInfo(provider.config!, tokens.access_token, claims.sub);
        lastIdToken = tokens.id_token;
        return html(`<p>Signed in as ${String(userinfo.email)}</p><a href="/logout">Sign out</a>`);
      }
      if (url.pathname === '/logout') {
        const to = client.buildEndSessionUrl(provider.config!, { id_token_hint: lastIdToken ?? '', post_logout_redirect_uri: `${base}/signed-out` });
        res.writeHead(302, { location: to.href });
        return res.end();
      }
      if (url.pathname === '/signed-out') return html('<p>You are signed out of this app.</p>');
      res.writeHead(404).end();
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      const detail = cause instanceof Response ? ` (${cause.status} ${cause.url}: ${await cause.text()})` : '';
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}${detail}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://localhost:${(server.address() as AddressInfo).port}`;

  const registration = JSON.stringify({
    name: options.name,
    type: 'confidential',
    redirectUris: [`${base}/callback`],
    postLogoutRedirectUris: [`${base}/signed-out`],
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'email', 'profile'],
    firstParty: options.firstParty ?? false,
  });
  const output = execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/oidc-register-client.ts', registration], {
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL, AUTH_SECRET: E2E_AUTH_SECRET },
    encoding: 'utf8',
  });
  const { clientId, clientSecret } = JSON.parse(output.trim().split('\n').at(-1)!) as { clientId: string; clientSecret: string };
  provider.config = await client.discovery(new URL(options.issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), {
    execute: [client.allowInsecureRequests],
  });
  return { url: base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A customer opens the app, chooses to sign in with Gatehouse and signs in there with their password. */
export async function signInToApp(page: Page, app: { url: string }, email: string) {
  await page.goto(app.url);
  await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}
