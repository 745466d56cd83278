import 'server-only';
import { callNodeHandler, type NodeHandler } from './node-bridge';
import { getProvider, OIDC_MOUNT_PATH } from './provider';

type Provider = Awaited<ReturnType<typeof getProvider>>;
const handlers = new WeakMap<Provider, NodeHandler>();

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
  let handler = handlers.get(provider);
  if (!handler) handlers.set(provider, (handler = provider.callback()));
  return callNodeHandler(handler, request, { mountPath: OIDC_MOUNT_PATH });
}
