import 'server-only';
import { callNodeHandler } from './node-bridge';
import { getProvider, OIDC_MOUNT_PATH } from './provider';

/**
 * Answers a request under /oidc with the OpenID Provider.
 *
 * The Next.js client router fetches pages it navigates to with an `RSC: 1` header; a
 * provider endpoint must never run for such a fetch (it would, say, spend an authorization
 * code on a fetch whose answer the router throws away). Answering with no content makes the
 * router load the URL as a normal page instead.
 */
export async function handleOidcRequest(request: Request): Promise<Response> {
  if (request.headers.get('rsc') === '1') return new Response(null, { status: 204 });
  const provider = await getProvider();
  return callNodeHandler(provider.callback(), request, { mountPath: OIDC_MOUNT_PATH });
}
