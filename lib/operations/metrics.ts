// Prometheus metrics of this process (GET /metrics, lib/operations/endpoints.ts). Each instance
// keeps and serves its own counts; Prometheus scrapes every instance and adds them up, so nothing
// here is shared between processes.
//
// No `import 'server-only'`: the Node entry (scripts/server.ts) loads this outside Next.js.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What node-postgres's Pool says about itself. */
export type PoolStats = { totalCount: number; idleCount: number; waitingCount: number; ended?: boolean };

function createMetrics() {
  const registry = new Registry();
  const pools = new Set<PoolStats>();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'gatehouse_http_request_duration_seconds',
      help: 'Time from request to the end of the response, by route pattern (never a raw path)',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    signIns: new Counter({
      name: 'gatehouse_sign_ins_total',
      help: 'Sign-ins as audited: on success the methods proved (e.g. password+totp), on failure the method that failed',
      labelNames: ['method', 'outcome'] as const,
      registers: [registry],
    }),
    rateLimitRefusals: new Counter({
      name: 'gatehouse_rate_limit_refusals_total',
      help: 'Requests refused by a rate limit or attempt limit, by limiter',
      labelNames: ['limiter'] as const,
      registers: [registry],
    }),
    webhookBacklog: new Gauge({
      name: 'gatehouse_webhook_backlog_deliveries',
      help: 'Webhook deliveries not yet finished (status pending or delivering), read from the database on scrape; NaN when it could not be read',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    auditUnsealed: new Gauge({
      name: 'gatehouse_audit_unsealed_events',
      help: "Audit events waiting for the sealer to link them into the chain, read from the database on scrape; NaN when it could not be read",
      registers: [registry],
    }),
    auditSealerLag: new Gauge({
      name: 'gatehouse_audit_sealer_lag_seconds',
      help: 'How long the oldest audit event waiting for the sealer has waited (0 when none waits), read from the database on scrape; NaN when it could not be read',
      registers: [registry],
    }),
    dbStatements: new Counter({
      name: 'gatehouse_db_statements_total',
      help: "SQL statements this process's database client has sent through its driver adapter, in a transaction (BEGIN and COMMIT included) or on their own (npm run bench:load divides it by the requests it made)",
      labelNames: ['scope'] as const,
      registers: [registry],
    }),
    dbQueriesInFlight: new Gauge({
      name: 'gatehouse_db_queries_in_flight',
      help: "Queries this process's database client has sent and not yet had answered",
      registers: [registry],
    }),
    dbPoolConnections: new Gauge({
      name: 'gatehouse_db_pool_connections',
      help: "PostgreSQL pool of this process's database client: total, idle, and requests waiting for a connection (absent on SQLite)",
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const pool of pools) {
          if (pool.ended) {
            pools.delete(pool);
            continue;
          }
          this.inc({ state: 'total' }, pool.totalCount);
          this.inc({ state: 'idle' }, pool.idleCount);
          this.inc({ state: 'waiting' }, pool.waitingCount);
        }
      },
    }),
    pools,
  };
}

type Metrics = ReturnType<typeof createMetrics>;

// Next.js bundles lib/ into its own chunks while scripts/server.ts loads it through Node, so one
// process can hold two copies of this module: both must count into the same registry.
const globalForMetrics = globalThis as unknown as { gatehouseMetrics?: Metrics };

export function metrics(): Metrics {
  globalForMetrics.gatehouseMetrics ??= createMetrics();
  return globalForMetrics.gatehouseMetrics;
}

export type SignInOutcome = 'success' | 'failure';

export function countSignIn(methods: readonly string[], outcome: SignInOutcome) {
  metrics().signIns.inc({ method: [...new Set(methods)].join('+') || 'unknown', outcome });
}

export function countRateLimitRefusal(limiter: string) {
  metrics().rateLimitRefusals.inc({ limiter });
}

export function observeDatabasePool(pool: PoolStats) {
  metrics().pools.add(pool);
}
