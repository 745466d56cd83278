import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db, databaseDialect } from '@/lib/db/client';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { recordAudit } from '@/lib/audit/record';
import { sealAuditEvents } from '@/lib/audit/sealer';
import { CLIENT_ADDRESS_HEADER, clientAddressKey } from '@/lib/http/client-address';
import { entryListener, type EntryOptions } from '@/lib/http/entry';
import { createLogger } from '@/lib/operations/logger';
import { routeMatcher } from '@/lib/operations/route-patterns';
import { consumeLimit } from '@/lib/rate-limit/limiters';
import { GOOD_PASSWORD, newContext, signUpCustomer, uniqueEmail } from './support/fixtures';

const root = fileURLToPath(new URL('..', import.meta.url));
const METRICS_TOKEN = 'metrics-token-for-tests-metrics-token-for-tests';
const dialect = databaseDialect();

/** Every line the entry logs, parsed, with the raw text kept to search for leaks. */
const logLines: { raw: string; fields: Record<string, unknown> }[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const raw of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push({ raw, fields: JSON.parse(raw) as Record<string, unknown> });
    done();
  },
});
const logger = createLogger('debug', logStream);

/**
 * The entry of scripts/server.ts, in front of a stand-in for Next.js that answers every path
 * with the client address the entry assigned (the entry, not Next.js, is under test here).
 */
async function startEntry(options: Partial<EntryOptions> = {}) {
  const server: Server = createServer(
    entryListener({
      proxyTrust: { kind: 'none' },
      addressKeys: clientAddressKey('operations-test-secret-operations-test-secret'),
      logger,
      root,
      handle: (request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end(String(request.headers[CLIENT_ADDRESS_HEADER] ?? ''));
      },
      ...options,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function scrape(url: string) {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one sample in Prometheus text, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('the operations endpoints', () => {
  let entry: Awaited<ReturnType<typeof startEntry>>;
  beforeAll(async () => {
    entry = await startEntry({ metricsToken: METRICS_TOKEN, redisUrl: process.env.TEST_REDIS_URL });
  });
  afterAll(() => entry.close());

  it('/healthz says the process is alive, without the app behind it', async () => {
    const response = await fetch(`${entry.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${entry.url}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('/readyz is ready when the database answers and every migration is applied', async () => {
    const response = await fetch(`${entry.url}/readyz`);
    const body = (await response.json()) as { status: string; checks: Record<string, unknown> };
    expect(response.status).toBe(200);
    expect(body).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', redis: process.env.TEST_REDIS_URL ? 'ok' : 'not_configured' } });
  });

  it('/readyz is 503 with the reason when a checked-in migration is not applied', async () => {
    const [newest] = await db.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
    // Marked rolled back, as `prisma migrate resolve --rolled-back` would: the schema engine would apply it again.
    await db.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = finished_at WHERE migration_name = ${newest!.migration_name}`;
    // Fresh entries: one entry reuses a readiness answer for a second.
    const during = await startEntry();
    try {
      const response = await fetch(`${during.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'not_ready', checks: { database: 'ok', migrations: { failed: 'pending_migrations', count: 1 } } });
    } finally {
      await db.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = ${newest!.migration_name}`;
      await during.close();
    }
    const after = await startEntry();
    try {
      expect((await fetch(`${after.url}/readyz`)).status).toBe(200);
    } finally {
      await after.close();
    }
  });

  it('/metrics is off (404) unless METRICS_TOKEN is set', async () => {
    const off = await startEntry({ metricsToken: undefined });
    try {
      const response = await fetch(`${off.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('gatehouse_');
    } finally {
      await off.close();
    }
  });

  it('/metrics wants the bearer token: none, a wrong one or another scheme is 401', async () => {
    for (const authorization of [undefined, `Bearer ${METRICS_TOKEN}x`, `Bearer ${METRICS_TOKEN.slice(0, -1)}`, 'Bearer x', `Basic ${METRICS_TOKEN}`, METRICS_TOKEN]) {
      const response = await fetch(`${entry.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await response.text()).not.toContain('gatehouse_');
    }
  });

  it('/metrics serves every family in Prometheus text, route labels as patterns', async () => {
    await fetch(`${entry.url}/admin/users/cm0secretuserid42?tab=sessions`);
    const response = await fetch(`${entry.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const family of [
      'gatehouse_http_request_duration_seconds',
      'gatehouse_sign_ins_total',
      'gatehouse_rate_limit_refusals_total',
      'gatehouse_webhook_backlog_deliveries',
      'gatehouse_audit_unsealed_events',
      'gatehouse_db_queries_in_flight',
      'gatehouse_db_pool_connections',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text, family).toContain(`# TYPE ${family} `);
    }
    expect(sample(text, 'gatehouse_http_request_duration_seconds_count', { method: 'GET', route: '/admin/users/[id]', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('cm0secretuserid42');
    expect(text).not.toContain('tab=');
  });

  it('counts sign-in outcomes by method where the sign-in pipeline records them', async () => {
    const before = await scrape(entry.url);
    const { email } = await signUpCustomer();
    const success = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    expect(success.ok).toBe(true);
    await signInWithPassword({ email, password: 'not the password' }, newContext());
    await signInWithPassword({ email: uniqueEmail('nobody'), password: 'not the password' }, newContext());
    const after = await scrape(entry.url);
    const delta = (outcome: string) => (sample(after, 'gatehouse_sign_ins_total', { method: 'password', outcome }) ?? 0) - (sample(before, 'gatehouse_sign_ins_total', { method: 'password', outcome }) ?? 0);
    expect(delta('success')).toBe(1);
    expect(delta('failure')).toBe(2);
  });

  it('counts rate-limit refusals by limiter', async () => {
    // secondFactorUser is per account and unscaled: 10 attempts, whatever RATE_LIMIT_SCALE says.
    const before = sample(await scrape(entry.url), 'gatehouse_rate_limit_refusals_total', { limiter: 'secondFactorUser' }) ?? 0;
    const key = uniqueEmail('limited');
    const results = [];
    for (let i = 0; i < 12; i += 1) results.push(await consumeLimit('secondFactorUser', key));
    expect(results.filter((r) => !r.ok)).toHaveLength(2);
    expect(sample(await scrape(entry.url), 'gatehouse_rate_limit_refusals_total', { limiter: 'secondFactorUser' })).toBe(before + 2);
  });

  it('reads the webhook backlog from the database on each scrape', async () => {
    const before = await scrape(entry.url);
    const endpoint = await db.webhookEndpoint.create({ data: { url: 'https://receiver.example/hooks', eventTypes: 'user.created', secretEncrypted: 'not-used', enabled: false } });
    const event = await db.webhookEvent.create({ data: { type: 'user.created', payload: '{}' } });
    await db.webhookDelivery.createMany({ data: [{ eventId: event.id, endpointId: endpoint.id }, { eventId: event.id, endpointId: endpoint.id }, { eventId: event.id, endpointId: endpoint.id, status: 'delivering' }, { eventId: event.id, endpointId: endpoint.id, status: 'succeeded' }] });
    try {
      const after = await scrape(entry.url);
      const delta = (status: string) => sample(after, 'gatehouse_webhook_backlog_deliveries', { status })! - sample(before, 'gatehouse_webhook_backlog_deliveries', { status })!;
      expect(delta('pending')).toBe(2);
      expect(delta('delivering')).toBe(1);
    } finally {
      await db.webhookEndpoint.delete({ where: { id: endpoint.id } });
      await db.webhookEvent.delete({ where: { id: event.id } });
    }
  });

  it("reads the audit sealer's queue and lag on each scrape, and both fall to 0 once it has sealed", async () => {
    await sealAuditEvents();
    const sealed = await scrape(entry.url);
    expect(sample(sealed, 'gatehouse_audit_unsealed_events')).toBe(0);
    expect(sample(sealed, 'gatehouse_audit_sealer_lag_seconds')).toBe(0);

    await recordAudit(db, { action: 'retention.dry_run', actor: { type: 'system' } });
    await recordAudit(db, { action: 'retention.dry_run', actor: { type: 'system' } });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const waiting = await scrape(entry.url);
    expect(sample(waiting, 'gatehouse_audit_unsealed_events')).toBe(2);
    expect(sample(waiting, 'gatehouse_audit_sealer_lag_seconds')).toBeGreaterThanOrEqual(1);

    await sealAuditEvents();
    const caughtUp = await scrape(entry.url);
    expect(sample(caughtUp, 'gatehouse_audit_unsealed_events')).toBe(0);
    expect(sample(caughtUp, 'gatehouse_audit_sealer_lag_seconds')).toBe(0);
  });

  it.runIf(dialect === 'postgresql')("reports the app pool and the queries in flight on PostgreSQL", async () => {
    // A Prisma query starts when it is awaited or then'd, not when it is built.
    const slow = db.$queryRaw`SELECT pg_sleep(0.5)::text`.then(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const during = await scrape(entry.url);
    await slow;
    expect(sample(during, 'gatehouse_db_queries_in_flight')).toBeGreaterThanOrEqual(1);
    expect(sample(during, 'gatehouse_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(sample(during, 'gatehouse_db_pool_connections', { state: 'waiting' })).toBe(0);
    expect(sample(await scrape(entry.url), 'gatehouse_db_queries_in_flight')).toBe(0);
  });

  it.runIf(dialect === 'sqlite')('counts the queries in flight on SQLite, which has no pool to report', async () => {
    await db.user.count();
    const text = await scrape(entry.url);
    expect(sample(text, 'gatehouse_db_queries_in_flight')).toBe(0);
    expect(sample(text, 'gatehouse_db_pool_connections', { state: 'total' })).toBeUndefined();
  });
});

describe('readiness when Redis is down', () => {
  let hung: TcpServer;
  const sockets = new Set<Socket>();
  let connections = 0;
  let hungUrl: string;
  beforeAll(async () => {
    // Accepts connections and never answers: a hung Redis.
    hung = createTcpServer((socket) => {
      connections += 1;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    hungUrl = `redis://127.0.0.1:${(hung.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => hung.close(() => resolve()));
  });

  async function readyzWith(redisUrl: string) {
    const entry = await startEntry({ redisUrl });
    try {
      const started = Date.now();
      const response = await fetch(`${entry.url}/readyz`);
      return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, unknown> }, ms: Date.now() - started };
    } finally {
      await entry.close();
    }
  }

  it('is 503 at once when nothing listens on the Redis port', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { status, body, ms } = await readyzWith(`redis://127.0.0.1:${port}`);
    expect(status).toBe(503);
    expect(body).toEqual({ status: 'not_ready', checks: { database: 'ok', migrations: 'ok', redis: { failed: 'unreachable' } } });
    expect(ms).toBeLessThan(1_500);
    // The driver's message (with the address) goes to the server log, not to the public answer.
    expect(JSON.stringify(body)).not.toContain('127.0.0.1');
    expect(logLines.some((l) => l.fields.msg === 'readiness check failed' && l.fields.check === 'redis')).toBe(true);
  });

  it('shares one check among a burst of probes, so a flood of /readyz cannot multiply Redis connections and queries', async () => {
    const entry = await startEntry({ redisUrl: hungUrl });
    try {
      const before = connections;
      const statuses = await Promise.all(Array.from({ length: 50 }, () => fetch(`${entry.url}/readyz`).then((r) => r.status)));
      expect(statuses.every((status) => status === 503)).toBe(true);
      expect(connections - before).toBe(1);
    } finally {
      await entry.close();
    }
  });

  it('is 503 within the check timeout when Redis accepts and never answers', async () => {
    const { status, body, ms } = await readyzWith(hungUrl);
    expect(status).toBe(503);
    expect(body.checks.redis).toEqual({ failed: 'timeout' });
    expect(ms).toBeLessThan(1_500);
  });
});

describe('the request log', () => {
  let entry: Awaited<ReturnType<typeof startEntry>>;
  beforeAll(async () => {
    entry = await startEntry({ metricsToken: METRICS_TOKEN });
  });
  afterAll(() => entry.close());

  const linesFor = (requestId: string) => logLines.filter((l) => l.fields.requestId === requestId);

  it('writes one JSON line per request with the route pattern, and no query string, email or token', async () => {
    const email = 'private.person@example.test';
    const response = await fetch(`${entry.url}/magic-link?token=tok_SECRETLINKTOKEN&email=${encodeURIComponent(email)}`, { headers: { 'x-request-id': 'req-123.abc' } });
    expect(response.headers.get('x-request-id')).toBe('req-123.abc');
    await response.text();
    const lines = await vi.waitFor(() => {
      const found = linesFor('req-123.abc');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(lines[0]!.fields).toMatchObject({ level: 'info', msg: 'request', method: 'GET', route: '/magic-link', status: 200, service: 'gatehouse' });
    expect(typeof lines[0]!.fields.durationMs).toBe('number');
    for (const leak of ['SECRETLINKTOKEN', 'token=', '?', 'private.person', 'example.test', '%40']) expect(lines[0]!.raw).not.toContain(leak);
  });

  it('never logs the metrics token or a path id', async () => {
    await fetch(`${entry.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}`, 'x-request-id': 'req-metrics-1' } });
    await fetch(`${entry.url}/api/v1/users/cm0pathid99/sessions`, { headers: { 'x-request-id': 'req-path-1' } });
    await vi.waitFor(() => expect(linesFor('req-path-1')).toHaveLength(1));
    expect(linesFor('req-metrics-1')[0]!.fields).toMatchObject({ level: 'debug', route: '/metrics', status: 200 });
    expect(linesFor('req-path-1')[0]!.fields).toMatchObject({ route: '/api/v1/users/[id]/sessions' });
    const all = logLines.map((l) => l.raw).join('\n');
    expect(all).not.toContain(METRICS_TOKEN);
    expect(all).not.toContain('cm0pathid99');
  });

  it('replaces a missing, oversized or unsafe request id with a fresh one', async () => {
    for (const given of [undefined, 'a'.repeat(129), 'two words', '{"level":"fatal"}']) {
      const response = await fetch(`${entry.url}/healthz`, { headers: given ? { 'x-request-id': given } : {} });
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it('still hands the app the client address from the socket', async () => {
    const response = await fetch(`${entry.url}/sign-in`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(await response.text()).toBe('127.0.0.1');
  });
});

describe('route labels', () => {
  const routeOf = routeMatcher(root, ['/healthz']);

  it('name the App Router pattern, never the ids in the path', () => {
    expect(routeOf('/')).toBe('/');
    expect(routeOf('/sign-in')).toBe('/sign-in');
    expect(routeOf('/sign-in/code')).toBe('/sign-in/code');
    expect(routeOf('/admin/users/cm0abc')).toBe('/admin/users/[id]');
    expect(routeOf('/admin/users/')).toBe('/admin/users');
    expect(routeOf('/api/v1/users/u1/roles/support')).toBe('/api/v1/users/[id]/roles/[role]');
    expect(routeOf('/api/v1/openapi.json')).toBe('/api/v1/openapi.json');
    expect(routeOf('/api/auth/callback/google')).toBe('/api/auth/[...nextauth]');
    expect(routeOf('/oidc/token')).toBe('/oidc/[...path]');
    expect(routeOf('/logo.svg')).toBe('/logo.svg');
    expect(routeOf('/icon.svg')).toBe('/icon.svg');
    expect(routeOf('/_next/static/chunks/app.js')).toBe('/_next/static');
    expect(routeOf('/healthz')).toBe('/healthz');
    expect(routeOf('/wp-login.php')).toBe('unmatched');
    expect(routeOf('/admin/users/a/b/c')).toBe('unmatched');
  });
});
