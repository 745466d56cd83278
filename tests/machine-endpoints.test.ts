import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '@/lib/config';
import { clientAddressKey } from '@/lib/http/client-address';
import { entryListener } from '@/lib/http/entry';
import { serveMachineEndpoint } from '@/lib/http/machine-endpoints';
import { registerClient } from '@/lib/oidc/clients';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { sessionCookie } from '@/lib/auth/sessions';
import { createLogger } from '@/lib/operations/logger';
import { GOOD_PASSWORD, newContext, signedInFrom, signUpCustomer } from './support/fixtures';

// The Node entry answers the OpenID Provider's endpoints itself, before Next.js: here the app
// behind the entry is a stand-in that fails the test if a provider request reaches it.
const root = fileURLToPath(new URL('..', import.meta.url));
const reachedApp: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(
    entryListener({
      proxyTrust: { kind: 'none' },
      addressKeys: clientAddressKey('machine-endpoints-test-secret-machine-endpoints'),
      logger: createLogger('silent', new Writable({ write: (_c, _e, done) => done() })),
      root,
      machineEndpoints: serveMachineEndpoint,
      handle: (request, response) => {
        reachedApp.push(request.url ?? '');
        response.writeHead(299).end('the app');
      },
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('machine endpoints in the Node entry', () => {
  it('serves discovery for the configured issuer, whatever host and scheme the client claims', async () => {
    const response = await fetch(`${base}/oidc/.well-known/openid-configuration`, { headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' } });
    expect(response.status).toBe(200);
    const discovery = (await response.json()) as { issuer: string; token_endpoint: string; jwks_uri: string };
    expect(discovery.issuer).toBe(`${config().appUrl}/oidc`);
    expect(discovery.token_endpoint).toBe(`${config().appUrl}/oidc/token`);
    expect((await fetch(discovery.jwks_uri.replace(config().appUrl, base))).status).toBe(200);
    expect(reachedApp).toEqual([]);
  });

  it('issues a client-credentials token from the request body as sent', async () => {
    const registered = await registerClient({ name: 'Entry token test', type: 'confidential', redirectUris: [], grantTypes: ['client_credentials'], scopes: ['users:read'] });
    if (!registered.ok) throw new Error(registered.error);
    const basic = Buffer.from(`${encodeURIComponent(registered.clientId)}:${encodeURIComponent(registered.clientSecret!)}`).toString('base64');
    const response = await fetch(`${base}/oidc/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=users%3Aread',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token_type: 'Bearer', scope: 'users:read', access_token: expect.any(String) });
    const wrong = await fetch(`${base}/oidc/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(registered.clientId)}:wrong`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=users%3Aread',
    });
    expect(wrong.status).toBe(401);
    expect(reachedApp).toEqual([]);
  });

  it('answers the session check with the session cookie, and leaves the session update (POST) to Auth.js', async () => {
    const { email } = await signUpCustomer();
    const result = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    if (!result.ok) throw new Error(result.message);
    const { token } = signedInFrom(result.outcome);
    const response = await fetch(`${base}/api/auth/session`, { headers: { cookie: `${sessionCookie().name}=${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-cache, no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.json()).toMatchObject({ user: { email } });
    expect(await (await fetch(`${base}/api/auth/session`)).json()).toBeNull();
    expect(reachedApp).toEqual([]);
    expect((await fetch(`${base}/api/auth/session`, { method: 'POST' })).status).toBe(299);
    expect(reachedApp.splice(0)).toEqual(['/api/auth/session']);
  });

  it("answers the Next.js router's prefetch of a provider URL with no content, and leaves every other path to the app", async () => {
    const prefetch = await fetch(`${base}/oidc/auth?client_id=x`, { headers: { rsc: '1' } });
    expect(prefetch.status).toBe(204);
    for (const path of ['/oidcx', '/sign-in', '/api/oidc']) expect((await fetch(`${base}${path}`)).status).toBe(299);
    expect(reachedApp).toEqual(['/oidcx', '/sign-in', '/api/oidc']);
  });
});
