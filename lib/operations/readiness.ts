import Redis from 'ioredis';
import { createDb, type Db } from '@/lib/db/client';
import { checkedInMigrationNames } from '@/lib/db/migration-files';
import { resolveDatabase } from '@/lib/db/url';

/**
 * Each check gives up after this long, so a hung dependency answers 503 within a
 * Kubernetes-style probe's default 1 s timeout instead of hanging the probe.
 */
export const CHECK_TIMEOUT_MS = 800;

/**
 * What a failed check says. The endpoints are public, so a reason is one of a few fixed
 * words: driver messages (host names, database names) go to the server log only.
 */
export type CheckResult = 'ok' | 'not_configured' | { failed: 'timeout' | 'unreachable' | 'pending_migrations' | 'failed_migration'; count?: number };

export type Readiness = { ready: boolean; checks: Record<'database' | 'migrations' | 'redis', CheckResult> };

export class CheckTimeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** Resolves as `work` does, or rejects with CheckTimeout once `ms` have passed (the work itself is left to finish). */
export function withTimeout<T>(work: Promise<T>, ms: number = CHECK_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

// Its own small client with driver timeouts: probes must neither queue behind the app's
// requests for a connection nor pile up on a hung database.
const globalForOps = globalThis as unknown as { gatehouseOpsDb?: Db };

/** The client for readiness checks and scrape-time gauges. */
export function operationsDb(): Db {
  globalForOps.gatehouseOpsDb ??= createDb(resolveDatabase(), { timeoutMs: CHECK_TIMEOUT_MS, poolMax: 2 });
  return globalForOps.gatehouseOpsDb;
}

let checkedIn: string[] | undefined;

type MigrationRow = { migration_name: string; finished_at: unknown; rolled_back_at: unknown };

/**
 * `npm start` applies migrations with Prisma's schema engine (lib/db/migrate.ts), which records
 * each one in `_prisma_migrations`: finished_at set once it applied, rolled_back_at set when it
 * was marked rolled back. Every checked-in migration must be there, finished and not rolled back;
 * a newer one this build does not know (another instance migrated first) does not stop it.
 */
async function checkMigrations(db: Db): Promise<CheckResult> {
  checkedIn ??= checkedInMigrationNames(resolveDatabase().dialect);
  const rows = await db.$queryRawUnsafe<MigrationRow[]>('SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations');
  if (rows.some((row) => row.finished_at === null && row.rolled_back_at === null)) return { failed: 'failed_migration' };
  const applied = new Set(rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => row.migration_name));
  const pending = checkedIn.filter((name) => !applied.has(name)).length;
  return pending === 0 ? 'ok' : { failed: 'pending_migrations', count: pending };
}

async function checkRedis(url: string): Promise<void> {
  // A connection per probe, without retries: the answer is about Redis now, not after a reconnect loop.
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: CHECK_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

export type CheckFailureLog = (check: string, error: unknown) => void;

function failureOf(error: unknown): CheckResult {
  return { failed: error instanceof CheckTimeout ? 'timeout' : 'unreachable' };
}

/**
 * GET /readyz: the database answers, its migrations are applied, and Redis answers when
 * REDIS_URL is set. The checks run side by side, each within CHECK_TIMEOUT_MS.
 */
export async function checkReadiness(options: { redisUrl?: string; onFailure?: CheckFailureLog }): Promise<Readiness> {
  const report = (check: string, error: unknown) => {
    options.onFailure?.(check, error);
    return failureOf(error);
  };
  const db = operationsDb();
  const database = withTimeout(db.$queryRawUnsafe('SELECT 1')).then(
    () => 'ok' as const,
    (error: unknown) => report('database', error),
  );
  const migrations = withTimeout(checkMigrations(db)).catch((error: unknown) => report('migrations', error));
  const redis: Promise<CheckResult> = options.redisUrl
    ? withTimeout(checkRedis(options.redisUrl)).then(
        () => 'ok' as const,
        (error: unknown) => report('redis', error),
      )
    : Promise.resolve('not_configured');
  const checks = { database: await database, migrations: await migrations, redis: await redis };
  return { ready: Object.values(checks).every((c) => c === 'ok' || c === 'not_configured'), checks };
}
