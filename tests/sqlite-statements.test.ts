import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDb } from '@/lib/db/client';
import { resolveDatabase } from '@/lib/db/url';
import { reusePreparedStatements } from '@/lib/db/sqlite-statements';

// Prisma's better-sqlite3 adapter binds each query's values to its statement for good, so a kept
// statement is shared through views (lib/db/sqlite-statements.ts). These are the calls the adapter
// makes, on one connection, interleaved as its queries are.

function connection() {
  const database = new Database(':memory:');
  database.defaultSafeIntegers(true);
  database.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
  const prepare = vi.spyOn(database, 'prepare');
  reusePreparedStatements(database);
  return { database, prepare };
}

afterEach(() => vi.restoreAllMocks());

describe('kept SQLite statements', () => {
  it('prepares each SQL text once, and each query gets its own values', () => {
    const { database, prepare } = connection();
    for (const name of ['ada', 'grace', 'edsger']) database.prepare('INSERT INTO t (name) VALUES (?)').bind([name]).run();
    const select = 'SELECT id, name FROM t WHERE name = ?';
    const grace = database.prepare(select).bind(['grace']);
    const ada = database.prepare(select).bind(['ada']);
    // Read in the other order from the binding: each view holds its own values, not the statement.
    expect(ada.raw().all()).toEqual([[1n, 'ada']]);
    expect(grace.raw().all()).toEqual([[2n, 'grace']]);
    expect(ada.columns().map((c) => c.name)).toEqual(['id', 'name']);
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it('leaves no row mode behind for the next query of the same text', () => {
    const { database } = connection();
    database.prepare('INSERT INTO t (name) VALUES (?)').bind(['ada']).run();
    const select = 'SELECT name FROM t';
    expect(database.prepare(select).raw().all()).toEqual([['ada']]);
    expect(database.prepare(select).all()).toEqual([{ name: 'ada' }]);
  });

  it('keeps better-sqlite3 refusing what it refuses', () => {
    const { database } = connection();
    const bound = database.prepare('SELECT name FROM t WHERE id = ?').bind([1]);
    expect(() => bound.bind([2])).toThrow(/only be invoked once/);
    expect(database.prepare('INSERT INTO t (name) VALUES (?)').reader).toBe(false);
    expect(() => database.prepare('DELETE FROM t').raw()).toThrow();
    expect(() => database.prepare('SELEC nonsense')).toThrow();
  });

  it('serves the app client: repeated queries prepare nothing new', async () => {
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    const db = createDb(resolveDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'gatehouse-statements-')), 'kept.db')}`));
    try {
      await db.$executeRawUnsafe('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
      for (let i = 0; i < 5; i += 1) await db.$executeRawUnsafe('INSERT INTO t (name) VALUES (?)', `name ${i}`);
      const pass = async () => {
        const names: unknown[] = [];
        for (let i = 0; i < 5; i += 1) names.push(await db.$queryRawUnsafe('SELECT name FROM t WHERE id = ?', i + 1));
        await db.$transaction(async (tx) => {
          names.push(await tx.$queryRawUnsafe('SELECT name FROM t WHERE id = ?', 5));
          await tx.$executeRawUnsafe('UPDATE t SET name = ? WHERE id = ?', `renamed ${names.length}`, 1);
        });
        return names;
      };
      const first = prepare.mock.calls.length;
      expect(await pass()).toEqual([0, 1, 2, 3, 4, 4].map((i) => [{ name: `name ${i}` }]));
      // The SELECT, BEGIN, the UPDATE and COMMIT, each prepared once.
      expect(prepare.mock.calls.length - first).toBe(4);
      const second = prepare.mock.calls.length;
      expect(await pass()).toEqual([{ name: 'renamed 6' }, ...[1, 2, 3, 4, 4].map((i) => ({ name: `name ${i}` }))].map((row) => [row]));
      expect(prepare.mock.calls.length - second).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });
});
