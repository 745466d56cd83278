import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient as PostgresClient } from '@/generated/prisma/postgresql/client';
import { PrismaClient as SqliteClient } from '@/generated/prisma/sqlite/client';
import { observedAdapterFactory } from './observed-adapter';
import { reusePreparedStatements } from './sqlite-statements';
import { takeWriteLockAtBegin } from './sqlite-write-lock';
import { resolveDatabase, type DatabaseTarget } from './url';

export type Db = PostgresClient;
/** The client handed to code running inside `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type DbOptions = {
  /** Report queries in flight and pool use to GET /metrics (the app's own client). */
  observe?: boolean;
  /**
   * Fail a connection attempt, a query or a locked SQLite file after this long, for callers that
   * must answer quickly (readiness checks). The app's client waits as long as the driver does.
   */
  timeoutMs?: number;
  poolMax?: number;
};

/**
 * Both generated clients come from the same models (prisma/schema.prisma), so the
 * SQLite one is used through the PostgreSQL client's type. Code must stay within
 * what both support: that is why the schema has no enums, Json or native types,
 * and why searches use pre-lower-cased columns instead of `mode: 'insensitive'`.
 */
export function createDb(target: DatabaseTarget = resolveDatabase(), options: DbOptions = {}): Db {
  const observe = <F extends SqlDriverAdapterFactory>(factory: F) => (options.observe ? observedAdapterFactory(factory) : factory);
  if (target.dialect === 'postgresql') {
    const timeouts = options.timeoutMs ? { connectionTimeoutMillis: options.timeoutMs, query_timeout: options.timeoutMs } : {};
    return new PostgresClient({ adapter: observe(new PrismaPg({ connectionString: target.url, max: options.poolMax ?? 10, ...timeouts })) });
  }
  const adapter = observe(withTunedSqliteConnections(new PrismaBetterSqlite3({ url: target.filename, timeout: options.timeoutMs ?? 10_000 })));
  return new SqliteClient({ adapter }) as unknown as Db;
}

/**
 * The factory's connections keep their prepared statements (lib/db/sqlite-statements.ts) and take
 * the write lock when a transaction begins (lib/db/sqlite-write-lock.ts).
 */
function withTunedSqliteConnections(factory: PrismaBetterSqlite3): PrismaBetterSqlite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    // The adapter keeps its better-sqlite3 connection as `client`; every transaction shares it.
    const connection: unknown = (adapter as unknown as { client?: unknown }).client;
    if (!(connection instanceof Database)) throw new Error('The better-sqlite3 adapter no longer exposes its connection: update lib/db/client.ts');
    reusePreparedStatements(connection);
    takeWriteLockAtBegin(connection);
    return adapter;
  };
  return factory;
}

const globalForDb = globalThis as unknown as { gatehouseDb?: Db };

/** One client per process (kept on globalThis so dev hot reloads do not leak pools). */
export const db: Db = globalForDb.gatehouseDb ?? createDb(resolveDatabase(), { observe: true });
globalForDb.gatehouseDb = db;

export function databaseDialect(): DatabaseTarget['dialect'] {
  return resolveDatabase().dialect;
}

/**
 * Runs `fn` in the caller's transaction, or in a new one when given the root client, so a
 * helper that writes several rows keeps them together whichever it is handed.
 */
export function withTransaction<T>(tx: DbOrTx, fn: (t: Tx) => Promise<T>): Promise<T> {
  // Not `'$transaction' in tx`: Prisma 7's transaction client has $transaction too (a nested one,
  // two SAVEPOINT statements for nothing). Only the root client can $connect.
  return '$connect' in tx ? (tx as Db).$transaction(fn) : fn(tx);
}
