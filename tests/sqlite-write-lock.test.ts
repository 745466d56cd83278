import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createDb } from '@/lib/db/client';
import { resolveDatabase } from '@/lib/db/url';

// The server and an operator's script (another process) write to one SQLite file. A transaction
// that reads and then writes must not be failed by the other's write in between: it holds the
// write lock from BEGIN, so the other waits its turn (lib/db/sqlite-write-lock.ts).

describe('SQLite transactions between processes', () => {
  it('hold the write lock from BEGIN, so a write from another connection waits instead of failing this one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gatehouse-write-lock-')), 'shared.db');
    const other = new Database(file, { timeout: 0 });
    other.pragma('journal_mode = WAL');
    other.exec("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0)");
    const db = createDb(resolveDatabase(`file:${file}`));
    try {
      let othersWrite: unknown = null;
      await db.$transaction(async (tx) => {
        const [row] = await tx.$queryRawUnsafe<{ value: bigint }[]>('SELECT value FROM counter WHERE id = 1');
        // Another process writes while this transaction is between its read and its write.
        try {
          other.prepare('UPDATE counter SET value = value + 100 WHERE id = 1').run();
        } catch (error) {
          othersWrite = error;
        }
        await tx.$executeRawUnsafe('UPDATE counter SET value = ? WHERE id = 1', Number(row!.value) + 1);
      });
      // With no busy timeout the other connection is told the file is locked; with one, it waits.
      expect(othersWrite).toMatchObject({ code: 'SQLITE_BUSY' });
      expect(other.prepare('SELECT value FROM counter WHERE id = 1').get()).toEqual({ value: 1 });
      other.prepare('UPDATE counter SET value = value + 100 WHERE id = 1').run();
      expect(other.prepare('SELECT value FROM counter WHERE id = 1').get()).toEqual({ value: 101 });
    } finally {
      await db.$disconnect();
      other.close();
    }
  });
});
