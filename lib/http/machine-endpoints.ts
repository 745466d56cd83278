import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveSessionCheck } from '@/lib/auth/session-endpoint';
import { OIDC_MOUNT_PATH } from '@/lib/oidc/provider';
import { isRouterPrefetch, pinForwardedOrigin, providerCallback } from '@/lib/oidc/provider-callback';
import type { MachineEndpoints } from './machine-registry';

/**
 * The OpenID Provider on the server's own request and response: no App Router route, and no
 * Fetch Request and Response made and taken apart again on the way (under `next dev`,
 * app/oidc/[...path]/route.ts answers instead). The provider is a Koa app that reads its mount
 * path from originalUrl minus url, as under koa-mount.
 */
async function serveOidc(request: IncomingMessage, response: ServerResponse) {
  if (isRouterPrefetch(request.headers.rsc)) {
    response.writeHead(204).end();
    return;
  }
  const callback = await providerCallback();
  pinForwardedOrigin(request.headers);
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
