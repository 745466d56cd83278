// Applies the checked-in migrations (prisma/migrations/<dialect>) with Prisma's schema
// engine compiled to WebAssembly, because the CLI's native engine cannot be downloaded
// offline. The engine records each migration in `_prisma_migrations` exactly as
// `prisma migrate deploy` does, so the stock CLI stays compatible.
//
// Runs under plain `tsx` (no --experimental-wasm-modules): the .wasm is instantiated
// here instead of through the package entry point, which imports it as an ES module.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import {
  bindMigrationAwareSqlAdapterFactory,
  DriverAdapterError,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import pg from 'pg';
import { checkedInMigrationNames, migrationsDir, type Dialect } from './migration-files';
import { resolveDatabase } from './url';

export { migrationsDir, type Dialect };

export const noFilters = { externalTables: [], externalEnums: [] };

/** How long a second process waits for the first one's migrations before giving up. */
const LOCK_TIMEOUT_MS = 120_000;

let engineLoaded: Promise<void> | undefined;

/**
 * The engine races some operations (e.g. the PostgreSQL advisory lock) against timers it
 * never clears, which kept the process alive ~10 s after finishing. Its timers are tracked
 * and cleared once no engine is working any more.
 */
const engineTimers = new Set<ReturnType<typeof setTimeout>>();
let enginesWorking = 0;

function engineSetTimeout(callback: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(() => {
    engineTimers.delete(timer);
    callback();
  }, ms >>> 0);
  engineTimers.add(timer);
  return timer;
}

function loadSchemaEngineWasm(): Promise<void> {
  engineLoaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const bindingsFile = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmModule = await WebAssembly.compile(readFileSync(join(dirname(bindingsFile), 'schema_engine_bg.wasm')));
    const imports: WebAssembly.ModuleImports = { ...engineBindings };
    for (const { name } of WebAssembly.Module.imports(wasmModule)) {
      if (name.startsWith('__wbg_setTimeout_')) imports[name] = engineSetTimeout;
    }
    const instance = await WebAssembly.instantiate(wasmModule, { './schema_engine_bg.js': imports });
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return engineLoaded;
}

/**
 * Starts a schema engine on a driver adapter factory, runs `work`, then releases the
 * engine and every connection it opened. Errors raised inside the adapter reach the engine
 * as "External error id#N"; they are translated back to the driver's own error here.
 */
export async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: string | undefined,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadSchemaEngineWasm();
  const opened: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => track(opened, await factory.connect()),
    connectToShadowDb: async () => track(opened, await factory.connectToShadowDb()),
  };
  const bound = bindMigrationAwareSqlAdapterFactory(tracked);
  let engine: SchemaEngine | undefined;
  enginesWorking += 1;
  try {
    engine = await engineBindings.SchemaEngine.new(
      { datamodels: datamodel === undefined ? undefined : [['schema.prisma', datamodel]] },
      () => {},
      bound,
    );
    return await work(engine);
  } catch (error) {
    throw withDriverError(error, bound.errorRegistry);
  } finally {
    engine?.free();
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
    enginesWorking -= 1;
    if (enginesWorking === 0) {
      for (const timer of engineTimers) clearTimeout(timer);
      engineTimers.clear();
    }
  }
}

function track(opened: SqlDriverAdapter[], adapter: SqlDriverAdapter): SqlDriverAdapter {
  opened.push(adapter);
  return adapter;
}

function withDriverError(error: unknown, registry: ErrorRegistry): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const id = /External error id#(\d+)/.exec(message)?.[1];
  const record = id === undefined ? undefined : registry.consumeError(Number(id));
  if (!record) return error;
  const cause = record.error;
  const detail = cause instanceof Error ? cause.message : JSON.stringify(cause);
  return new Error(message.replace(/External error id#\d+/, detail), { cause });
}

function readMigrationList(dialect: Dialect): MigrationList {
  const baseDir = migrationsDir(dialect);
  const names = checkedInMigrationNames(dialect);
  const lockfile = join(baseDir, 'migration_lock.toml');
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockfile) ? readFileSync(lockfile, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const file = join(baseDir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file)
            ? { tag: 'ok', value: readFileSync(file, 'utf8') }
            : { tag: 'error', value: `${file} does not exist` },
        },
      };
    }),
  };
}

function postgresFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const schema = new URL(url).searchParams.get('schema') ?? undefined;
  const factory = new PrismaPg(
    {
      connectionString: url,
      // The engine serialises runs with a session-level pg_advisory_lock and releases it by
      // disconnecting, so everything runs on one connection the pool never recycles.
      max: 1,
      idleTimeoutMillis: 0,
      ...(schema ? { options: `-c search_path="${schema.replaceAll('"', '""')}"` } : {}),
    },
    schema ? { schema } : undefined,
  );
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => runScriptsAsOneQuery(await factory.connect()),
    connectToShadowDb: async () => runScriptsAsOneQuery(await factory.connectToShadowDb()),
  };
}

/**
 * @prisma/adapter-pg splits a script on every ";" and runs the pieces one by one, which
 * breaks string literals and function bodies containing ";" and leaves a failed migration
 * half applied. Sent as one simple-protocol query, PostgreSQL runs the whole migration in
 * one implicit transaction, as `prisma migrate deploy` does.
 */
function runScriptsAsOneQuery(adapter: Awaited<ReturnType<PrismaPg['connect']>>): SqlDriverAdapter {
  const pool = adapter.underlyingDriver();
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (error) {
      if (!(error instanceof pg.DatabaseError)) throw error;
      // In the adapter's own error shape the engine puts the message into the failed
      // migration's `logs` instead of an opaque "External error id#N".
      throw new DriverAdapterError({
        kind: 'postgres',
        code: error.code ?? 'N/A',
        severity: error.severity ?? 'ERROR',
        message: error.message,
        detail: error.detail,
        column: error.column,
        hint: error.hint,
      });
    }
  };
  return adapter;
}

function sqliteFactory(filename: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaBetterSqlite3({ url: filename, timeout: LOCK_TIMEOUT_MS });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => runScriptsInTransaction(await factory.connect()),
    connectToShadowDb: async () => runScriptsInTransaction(await factory.connectToShadowDb()),
  };
}

/**
 * The engine runs a SQLite migration statement by statement, so a failure leaves it half
 * applied. Here each script runs in one transaction. Foreign keys are switched off around it
 * (inside a transaction Prisma's own `PRAGMA foreign_keys=OFF` is ignored, and a table
 * redefinition's DROP TABLE would then cascade-delete child rows), and checked before commit.
 */
function runScriptsInTransaction(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const run = adapter.executeScript.bind(adapter);
  adapter.executeScript = async (script) => {
    await run('PRAGMA foreign_keys = OFF');
    try {
      await run('BEGIN IMMEDIATE');
      try {
        await run(script);
        const { rows } = await adapter.queryRaw({ sql: 'PRAGMA foreign_key_check', args: [], argTypes: [] });
        if (rows.length > 0) {
          const sample = rows.slice(0, 3).map(([table, rowid, parent]) => `${String(table)} rowid ${String(rowid)} -> ${String(parent)}`);
          throw new Error(`The migration leaves ${rows.length} foreign key violation(s): ${sample.join('; ')}`);
        }
        await run('COMMIT');
      } catch (error) {
        // SQLite may already have rolled back by itself (e.g. SQLITE_FULL); report the original error.
        await run('ROLLBACK').catch(() => {});
        throw error;
      }
    } finally {
      await run('PRAGMA foreign_keys = ON');
    }
  };
  return adapter;
}

/**
 * On SQLite the engine only switches its connection to locking_mode=EXCLUSIVE, and with
 * eight processes starting at once on a fresh file some of them failed with SQLITE_BUSY
 * (reported as "unknown variant `SocketTimeout`"). A write transaction on a sidecar
 * database (<file>.migrate-lock) serialises whole runs (the main file cannot be used: the
 * engine's own connection has to write to it meanwhile), and the OS drops the lock if its
 * holder dies. The sidecar is never deleted, because unlinking a lock file lets a late
 * opener lock a different inode.
 */
async function withSqliteMigrationLock<T>(filename: string, work: () => Promise<T>): Promise<T> {
  if (filename === ':memory:') return work();
  const lock = new Database(`${filename}.migrate-lock`, { timeout: LOCK_TIMEOUT_MS });
  try {
    lock.exec('BEGIN IMMEDIATE');
    try {
      return await work();
    } finally {
      lock.exec('ROLLBACK');
    }
  } finally {
    lock.close();
  }
}

function enableWal(filename: string): void {
  if (filename === ':memory:') return;
  const db = new Database(filename, { timeout: LOCK_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}

/**
 * Applies the migrations not yet recorded in `_prisma_migrations` to the database of `url`
 * (default: DATABASE_URL, else the embedded SQLite file). Safe to call on every start and
 * from several processes at once.
 */
export async function applyMigrations(url?: string): Promise<{ applied: string[] }> {
  const target = resolveDatabase(url);
  const migrationsList = readMigrationList(target.dialect);
  const apply = (factory: SqlMigrationAwareDriverAdapterFactory) =>
    withSchemaEngine(factory, undefined, async (engine) => {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilters });
      return { applied: appliedMigrationNames };
    });

  if (target.dialect === 'postgresql') return apply(postgresFactory(target.url));

  return withSqliteMigrationLock(target.filename, async () => {
    enableWal(target.filename);
    return apply(sqliteFactory(target.filename));
  });
}
