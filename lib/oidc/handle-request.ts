import 'server-only';
import { callNodeHandler } from './node-bridge';
import { OIDC_MOUNT_PATH } from './provider';
import { isRouterPrefetch, pinForwardedOrigin, providerCallback } from './provider-callback';

/**
 * Answers a request under /oidc with the OpenID Provider through the App Router
 * (app/oidc/[...path]/route.ts, which serves `next dev`; the production server answers in its
 * entry, lib/http/machine-endpoints.ts).
 */
export async function handleOidcRequest(request: Request): Promise<Response> {
  if (isRouterPrefetch(request.headers.get('rsc'))) return new Response(null, { status: 204 });
  const callback = await providerCallback();
  return callNodeHandler((req, res) => {
    pinForwardedOrigin(req.headers);
    return callback(req, res);
  }, request, { mountPath: OIDC_MOUNT_PATH });
}
