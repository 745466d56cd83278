import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constantTimeEqual } from '@/lib/crypto/tokens';
import { collectDatabaseGauges } from './database-gauges';
import { errorFields, type Logger } from './logger';
import { metrics } from './metrics';
import { checkReadiness } from './readiness';

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

async function serveReadiness(response: ServerResponse, options: OperationsOptions) {
  const readiness = await checkReadiness({
    redisUrl: options.redisUrl,
    onFailure: (check, error) => options.logger.warn({ check, ...errorFields(error) }, 'readiness check failed'),
  });
  send(response, readiness.ready ? 200 : 503, json({ status: readiness.ready ? 'ready' : 'not_ready', checks: readiness.checks }));
}

/**
 * Serves GET/HEAD /healthz, /readyz and /metrics; says whether `pathname` was one of them.
 * /healthz touches nothing but the process: a database outage must not get a live process
 * restarted, only taken out of rotation by /readyz.
 */
export async function serveOperations(request: IncomingMessage, response: ServerResponse, pathname: string, options: OperationsOptions): Promise<boolean> {
  if (!(OPERATIONS_PATHS as readonly string[]).includes(pathname)) return false;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(response, 405, json({ error: 'method_not_allowed' }), undefined, { allow: 'GET, HEAD' });
    return true;
  }
  try {
    if (pathname === '/healthz') send(response, 200, json({ status: 'ok' }));
    else if (pathname === '/readyz') await serveReadiness(response, options);
    else await serveMetrics(request, response, options);
  } catch (error) {
    options.logger.error({ path: pathname, ...errorFields(error) }, 'operations endpoint failed');
    if (!response.headersSent) send(response, 500, json({ error: 'internal' }));
    else response.end();
  }
  return true;
}
