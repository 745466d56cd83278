import type { Database } from 'better-sqlite3';

/**
 * Prisma's better-sqlite3 adapter opens every transaction with a plain (deferred) `BEGIN`, which
 * takes SQLite's write lock only at the first write. In WAL mode a transaction that has read and
 * then writes cannot wait for another process's writer: if that one committed in between, SQLite
 * fails the write at once (SQLITE_BUSY_SNAPSHOT), whatever the busy timeout. The server and an
 * operator's script (`npm run consent:publish`, the retention CLI) share the file, so each would
 * sometimes fail the other. Taking the lock at `BEGIN IMMEDIATE` makes the later one wait its turn
 * (the busy timeout) instead. Inside one process nothing changes: the adapter already runs one
 * transaction at a time on its single connection, and readers outside a transaction never wait.
 */
export function takeWriteLockAtBegin(database: Database) {
  const prepare = database.prepare.bind(database);
  database.prepare = ((sql: string) => prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql)) as Database['prepare'];
}
