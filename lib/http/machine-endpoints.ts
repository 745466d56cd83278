import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveSessionCheck } from '@/lib/auth/session-endpoint';
import { config } from '@/lib/config';
import { getProvider, OIDC_MOUNT_PATH } from '@/lib/oidc/provider';
import type { MachineEndpoints } from './machine-registry';

type Provider = Awaited<ReturnType<typeof getProvider>>;
type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;
const callbacks = new WeakMap<Provider, NodeHandler>();

/**
 * The OpenID Provider on the server's own request and response: no App Router route, and no
 * Fetch Request and Response made and taken apart again on the way (app/oidc/[...path]/route.ts
 * still answers under `next dev`, through lib/oidc/handle-request.ts). The provider is a Koa app
 * that reads its mount path from originalUrl minus url, as under koa-mount.
 */
async function serveOidc(request: IncomingMessage, response: ServerResponse) {
  // The Next.js client router prefetches pages with `RSC: 1`: no provider endpoint may run for
  // one (see lib/oidc/handle-request.ts). No content makes the router load the URL as a page.
  if (request.headers.rsc === '1') {
    response.writeHead(204).end();
    return;
  }
  const provider = await getProvider();
  let callback = callbacks.get(provider);
  if (!callback) callbacks.set(provider, (callback = provider.callback()));
  // The provider trusts forwarding headers (provider.proxy) for the scheme and host it sees; its
  // issuer is APP_URL, so that is what it is told, whatever a client sends.
  const app = new URL(config().appUrl);
  request.headers['x-forwarded-proto'] = app.protocol.slice(0, -1);
  request.headers['x-forwarded-host'] = app.host;
  const url = request.url ?? '/';
  Object.assign(request, { originalUrl: url });
  request.url = url.slice(OIDC_MOUNT_PATH.length) || '/';
  if (request.url.startsWith('?')) request.url = `/${request.url}`;
  await callback(request, response);
}

export const SESSION_CHECK_PATH = '/api/auth/session';

export const serveMachineEndpoint: MachineEndpoints = async (request, response, pathname) => {
  // POST is Auth.js's session update; only the read is answered here.
  if (pathname === SESSION_CHECK_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
    await serveSessionCheck(request, response);
    return true;
  }
  if (pathname === OIDC_MOUNT_PATH || pathname.startsWith(`${OIDC_MOUNT_PATH}/`)) {
    await serveOidc(request, response);
    return true;
  }
  return false;
};
