// Bulk seeding for the directory bench: a million users must load in well under two minutes.
// Prisma's createMany costs more per row than the database does, so rows go in as large
// multi-row statements: column arrays through unnest() on PostgreSQL (one parameter per column,
// whatever the batch size), multi-row VALUES on SQLite (its limit is 32766 parameters a statement).
import type { Db } from '../../lib/db/client';

export type BenchUser = {
  id: string;
  email: string;
  name: string;
  emailVerified: Date | null;
  status: string;
  createdAt: Date;
  lastSignInAt: Date | null;
};

export type BenchAttribute = { userId: string; key: string; value: string; searchValue: string };

const BASE = Date.UTC(2024, 0, 1);

/** User number i of `total`: about a third unverified, one in fifty suspended, one in four never signed in. */
export function benchUser(i: number, total: number): BenchUser {
  return {
    id: `bench${String(i).padStart(8, '0')}`,
    email: `user${i}@bench${i % 97}.example`,
    name: `Given${i} Family${i % 1000}`,
    emailVerified: i % 3 ? new Date(BASE + i * 60_000) : null,
    status: i % 50 ? 'active' : 'suspended',
    createdAt: new Date(BASE + i * 60_000),
    lastSignInAt: i % 4 ? new Date(BASE + ((i * 7919) % total) * 60_000) : null,
  };
}

export function benchAttributes(i: number, user: BenchUser): BenchAttribute[] {
  const phone = `+44 7700 ${String(i).padStart(6, '0')}`;
  return [
    { userId: user.id, key: 'given_name', value: `Given${i}`, searchValue: `given${i}` },
    { userId: user.id, key: 'phone', value: phone, searchValue: phone },
  ];
}

const USER_COLUMNS = ['id', 'email', 'name', 'emailVerified', 'status', 'createdAt', 'lastSignInAt', 'updatedAt'] as const;
const ATTRIBUTE_COLUMNS = ['userId', 'key', 'value', 'searchValue', 'updatedAt'] as const;

function userValues(u: BenchUser, now: Date) {
  return [u.id, u.email, u.name, u.emailVerified, u.status, u.createdAt, u.lastSignInAt, now];
}

function attributeValues(a: BenchAttribute, now: Date) {
  return [a.userId, a.key, a.value, a.searchValue, now];
}

const quoted = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(', ');

async function insertPostgres(db: Db, table: string, columns: readonly string[], types: readonly string[], rows: unknown[][]) {
  // Dates travel as ISO text: node-postgres would format a Date in the server's local time zone.
  const arrays = columns.map((_, c) => rows.map((r) => (r[c] instanceof Date ? (r[c] as Date).toISOString() : r[c])));
  const unnest = types.map((t, c) => `$${c + 1}::${t}[]`).join(', ');
  await db.$executeRawUnsafe(`INSERT INTO "${table}" (${quoted(columns)}) SELECT * FROM unnest(${unnest})`, ...arrays);
}

async function insertSqlite(db: Db, table: string, columns: readonly string[], rows: unknown[][]) {
  const perStatement = Math.floor(32_000 / columns.length);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let from = 0; from < rows.length; from += perStatement) {
    const chunk = rows.slice(from, from + perStatement);
    await db.$executeRawUnsafe(`INSERT INTO "${table}" (${quoted(columns)}) VALUES ${chunk.map(() => tuple).join(', ')}`, ...chunk.flat());
  }
}

/** Inserts users number `from` to `from + count - 1` of `total`, with their searchable attributes. */
export async function insertBenchUsers(db: Db, dialect: 'postgresql' | 'sqlite', from: number, count: number, total: number) {
  const now = new Date();
  const users: unknown[][] = [];
  const attributes: unknown[][] = [];
  for (let i = from; i < from + count; i += 1) {
    const user = benchUser(i, total);
    users.push(userValues(user, now));
    for (const a of benchAttributes(i, user)) attributes.push(attributeValues(a, now));
  }
  if (dialect === 'postgresql') {
    await insertPostgres(db, 'User', USER_COLUMNS, ['text', 'text', 'text', 'timestamp(3)', 'text', 'timestamp(3)', 'timestamp(3)', 'timestamp(3)'], users);
    await insertPostgres(db, 'UserAttribute', ATTRIBUTE_COLUMNS, ['text', 'text', 'text', 'text', 'timestamp(3)'], attributes);
  } else {
    await insertSqlite(db, 'User', USER_COLUMNS, users);
    await insertSqlite(db, 'UserAttribute', ATTRIBUTE_COLUMNS, attributes);
  }
}
