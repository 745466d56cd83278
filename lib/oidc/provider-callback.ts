import 'server-only';
import type { IncomingMessage } from 'node:http';
import { config } from '@/lib/config';
import type { NodeHandler } from './node-bridge';
import { getProvider } from './provider';

type Provider = Awaited<ReturnType<typeof getProvider>>;
const callbacks = new WeakMap<Provider, NodeHandler>();

/** The current provider's Node request handler, made once per provider (it is rebuilt when keys rotate). */
export async function providerCallback(): Promise<NodeHandler> {
  const provider = await getProvider();
  let callback = callbacks.get(provider);
  if (!callback) callbacks.set(provider, (callback = provider.callback()));
  return callback;
}

/**
 * The Next.js client router fetches pages it navigates to with an `RSC: 1` header; a provider
 * endpoint must never run for such a fetch (it would, say, spend an authorization code on a fetch
 * whose answer the router throws away). Answering with no content makes the router load the URL
 * as a normal page instead.
 */
export function isRouterPrefetch(rscHeader: string | string[] | null | undefined) {
  return rscHeader === '1';
}

/**
 * The provider trusts forwarding headers (provider.proxy) for the scheme and host it sees; its
 * issuer is APP_URL, so that is what it is told, whatever a client sends.
 */
export function pinForwardedOrigin(headers: IncomingMessage['headers']) {
  const app = new URL(config().appUrl);
  headers['x-forwarded-proto'] = app.protocol.slice(0, -1);
  headers['x-forwarded-host'] = app.host;
}
