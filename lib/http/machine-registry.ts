import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Endpoints that machines call (the OpenID Provider's token, JWKS and discovery, and so on)
 * have no page to render, so the Node entry (lib/http/entry.ts) answers them before Next.js's
 * router. Their code lives in the app's server bundle, where `server-only` modules and the
 * app's database client are loaded, so the bundle registers them here when the server starts
 * (instrumentation.ts) and the entry, loaded outside the bundle, finds them by a global symbol.
 * Until then (or in `next dev` without the entry) Next.js's own routes answer the same paths.
 */
export type MachineEndpoints = (request: IncomingMessage, response: ServerResponse, pathname: string) => Promise<boolean>;

const KEY = Symbol.for('gatehouse.machine-endpoints');
const registry = globalThis as unknown as { [KEY]?: MachineEndpoints };

export function registerMachineEndpoints(endpoints: MachineEndpoints) {
  registry[KEY] = endpoints;
}

export function registeredMachineEndpoints(): MachineEndpoints | undefined {
  return registry[KEY];
}
