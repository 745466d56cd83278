// Bulk seeding for the directory bench: a million users must load in well under two minutes
// (bench/support/bulk-insert.ts says how).
import type { Db } from '../../lib/db/client';
import { insertRows, type BulkTable } from './bulk-insert';

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

const USERS: BulkTable = {
  name: 'User',
  columns: ['id', 'email', 'name', 'emailVerified', 'status', 'createdAt', 'lastSignInAt', 'updatedAt'],
  types: ['text', 'text', 'text', 'timestamp(3)', 'text', 'timestamp(3)', 'timestamp(3)', 'timestamp(3)'],
};
const ATTRIBUTES: BulkTable = {
  name: 'UserAttribute',
  columns: ['userId', 'key', 'value', 'searchValue', 'updatedAt'],
  types: ['text', 'text', 'text', 'text', 'timestamp(3)'],
};

function userValues(u: BenchUser, now: Date) {
  return [u.id, u.email, u.name, u.emailVerified, u.status, u.createdAt, u.lastSignInAt, now];
}

function attributeValues(a: BenchAttribute, now: Date) {
  return [a.userId, a.key, a.value, a.searchValue, now];
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
  await insertRows(db, dialect, USERS, users);
  await insertRows(db, dialect, ATTRIBUTES, attributes);
}
