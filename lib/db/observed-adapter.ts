import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable } from '@prisma/driver-adapter-utils';
import { metrics, observeDatabasePool, type PoolStats } from '@/lib/operations/metrics';

/**
 * A driver adapter factory whose connections report to GET /metrics: the statements sent (in a
 * transaction, BEGIN and COMMIT included, or on their own) and the queries in flight (both
 * adapters), and the pool's size, idle and waiting counts where the driver has a pool
 * (node-postgres; better-sqlite3 is one synchronous connection and exposes nothing more).
 */
export function observedAdapterFactory<F extends SqlDriverAdapterFactory>(factory: F): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const pool = poolOf(adapter);
    if (pool) observeDatabasePool(pool);
    countQueries(adapter, 'single');
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      // The adapter sends BEGIN itself, past the wrapper; Prisma sends COMMIT through it.
      metrics().dbStatements.inc({ scope: 'transaction' });
      return countQueries(transaction, 'transaction');
    };
    return adapter;
  };
  return factory;
}

function poolOf(adapter: SqlDriverAdapter): PoolStats | null {
  const driver: unknown = 'underlyingDriver' in adapter && typeof adapter.underlyingDriver === 'function' ? adapter.underlyingDriver() : null;
  if (driver && typeof driver === 'object' && 'totalCount' in driver && 'idleCount' in driver && 'waitingCount' in driver) return driver as PoolStats;
  return null;
}

function countQueries<Q extends SqlQueryable>(queryable: Q, scope: 'single' | 'transaction'): Q {
  const { dbQueriesInFlight: gauge, dbStatements } = metrics();
  const queryRaw = queryable.queryRaw.bind(queryable);
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    gauge.inc();
    dbStatements.inc({ scope });
    try {
      return await queryRaw(query);
    } finally {
      gauge.dec();
    }
  };
  queryable.executeRaw = async (query) => {
    gauge.inc();
    dbStatements.inc({ scope });
    try {
      return await executeRaw(query);
    } finally {
      gauge.dec();
    }
  };
  return queryable;
}
