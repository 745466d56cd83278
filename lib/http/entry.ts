import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { assignClientAddress, type ProxyTrust } from '@/lib/http/client-address';
import { registeredMachineEndpoints, type MachineEndpoints } from '@/lib/http/machine-registry';
import { OPERATIONS_PATHS, operationsEndpoints, type OperationsOptions } from '@/lib/operations/endpoints';
import { errorFields } from '@/lib/operations/logger';
import { metrics } from '@/lib/operations/metrics';
import { routeMatcher, type RouteMatcher } from '@/lib/operations/route-patterns';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Bounded and plain, so a client-chosen id can neither bloat nor forge a log line. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's request id when it is a plain token, else a fresh one. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && VALID_REQUEST_ID.test(given) ? given : randomUUID();
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export type EntryOptions = OperationsOptions & {
  proxyTrust: ProxyTrust;
  /** The client-address proof keys: the current AUTH_SECRET's first, then AUTH_SECRET_PREVIOUS's. */
  addressKeys: Buffer | readonly Buffer[];
  /** The app behind the entry (Next.js's request handler). */
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;
  /** Project root holding app/ and public/, for route labels. */
  root: string;
  routeOf?: RouteMatcher;
  /** Machine endpoints answered before the app; by default those the app's bundle registered (lib/http/machine-registry.ts). */
  machineEndpoints?: MachineEndpoints;
};

/** Next.js's own asset and dev-reload requests, and probes: logged at debug, so the info log is the app's traffic. */
function isBackground(route: string) {
  return route.startsWith('/_next') || route === '/__nextjs' || route === '/healthz' || route === '/readyz' || route === '/metrics';
}

/**
 * The request listener of scripts/server.ts: gives each request an id (echoed in X-Request-Id),
 * fixes the client address before anything reads it, answers /healthz, /readyz and /metrics
 * without Next.js, then the machine endpoints the app registered (the OpenID Provider), and hands
 * the rest to the app. Every request ends in one log line and one
 * duration sample, labelled with its route pattern; the path itself, its query string (which
 * can carry sign-in tokens) and any header stay out of both.
 */
export function entryListener(options: EntryOptions): RequestListener {
  const routeOf = options.routeOf ?? routeMatcher(options.root, OPERATIONS_PATHS);
  const serveOperations = operationsEndpoints(options);
  const { requestDuration } = metrics();
  return (request, response) => {
    const started = process.hrtime.bigint();
    const id = requestIdOf(request);
    request.headers[REQUEST_ID_HEADER] = id;
    response.setHeader(REQUEST_ID_HEADER, id);
    const pathname = pathOf(request.url);
    const route = routeOf(pathname);
    const method = METHODS.has(request.method ?? '') ? request.method! : 'OTHER';
    response.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = response.statusCode;
      requestDuration.observe({ method, route, status: String(status) }, seconds);
      const line = { requestId: id, method, route, status, durationMs: Math.round(seconds * 1e4) / 10, ...(response.writableFinished ? {} : { aborted: true }) };
      if (isBackground(route)) options.logger.debug(line, 'request');
      else options.logger.info(line, 'request');
    });

    assignClientAddress(request, options.proxyTrust, options.addressKeys);
    void (async () => {
      try {
        if (await serveOperations(request, response, pathname)) return;
        const machine = options.machineEndpoints ?? registeredMachineEndpoints();
        if (machine && (await machine(request, response, pathname))) return;
        await options.handle(request, response);
      } catch (error) {
        options.logger.error({ requestId: id, route, ...errorFields(error) }, 'request failed');
        if (!response.headersSent) response.writeHead(500);
        response.end();
      }
    })();
  };
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://entry.invalid').pathname;
  } catch {
    return '/';
  }
}
