import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constantTimeEqual } from '@/lib/crypto/tokens';
import { collectDatabaseGauges } from './database-gauges';
import { errorFields, type Logger } from './logger';
import { metrics } from './metrics';
import { checkReadiness, type Readiness } from './readiness';

export const OPERATIONS_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

export type OperationsOptions = {
  /** GET /metrics answers only with this bearer token; unset, it is 404. */
  metricsToken?: string;
  redisUrl?: string;
  logger: Logger;
};

function send(response: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8', headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  response.end(body);
}

const json = (value: unknown) => JSON.stringify(value);

/** Digests first, so the comparison takes the same time whatever the length of the guess. */
function tokenMatches(presented: string, expected: string) {
  const digest = (value: string) => createHash('sha256').update(value).digest('base64url');
  return constantTimeEqual(digest(presented), digest(expected));
}

function bearerToken(request: IncomingMessage): string | null {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1]! : null;
}

async function serveMetrics(request: IncomingMessage, response: ServerResponse, options: OperationsOptions) {
  if (!options.metricsToken) return send(response, 404, json({ error: 'not_found' }));
  const token = bearerToken(request);
  if (!token || !tokenMatches(token, options.metricsToken)) {
    return send(response, 401, json({ error: 'unauthorized' }), undefined, { 'www-authenticate': 'Bearer realm="metrics"' });
  }
  await collectDatabaseGauges((gauge, error) => options.logger.warn({ gauge, ...errorFields(error) }, 'metrics gauge unavailable'));
  const { registry } = metrics();
  send(response, 200, await registry.metrics(), registry.contentType);
}

/** How long one readiness answer serves every probe: far below any probe interval. */
const READINESS_REUSE_MS = 1_000;

/**
 * /readyz needs no credentials, so a flood of it must not become a flood of database queries
 * and Redis connections: probes arriving while a check runs, or within a second of it, share it.
 */
function sharedReadiness(options: OperationsOptions): () => Promise<Readiness> {
  let last: { startedAt: number; result: Promise<Readiness> } | undefined;
  return () => {
    if (!last || Date.now() - last.startedAt >= READINESS_REUSE_MS) {
      last = {
        startedAt: Date.now(),
        result: checkReadiness({
          redisUrl: options.redisUrl,
          onFailure: (check, error) => options.logger.warn({ check, ...errorFields(error) }, 'readiness check failed'),
        }),
      };
    }
    return last.result;
  };
}

export type OperationsEndpoints = (request: IncomingMessage, response: ServerResponse, pathname: string) => Promise<boolean>;

/**
 * Serves GET/HEAD /healthz, /readyz and /metrics; says whether `pathname` was one of them.
 * /healthz touches nothing but the process: a database outage must not get a live process
 * restarted, only taken out of rotation by /readyz.
 */
export function operationsEndpoints(options: OperationsOptions): OperationsEndpoints {
  const readiness = sharedReadiness(options);
  return async (request, response, pathname) => {
    if (!(OPERATIONS_PATHS as readonly string[]).includes(pathname)) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, json({ error: 'method_not_allowed' }), undefined, { allow: 'GET, HEAD' });
      return true;
    }
    try {
      if (pathname === '/healthz') send(response, 200, json({ status: 'ok' }));
      else if (pathname === '/readyz') {
        const { ready, checks } = await readiness();
        send(response, ready ? 200 : 503, json({ status: ready ? 'ready' : 'not_ready', checks }));
      } else await serveMetrics(request, response, options);
    } catch (error) {
      options.logger.error({ path: pathname, ...errorFields(error) }, 'operations endpoint failed');
      if (!response.headersSent) send(response, 500, json({ error: 'internal' }));
      else response.end();
    }
    return true;
  };
}
