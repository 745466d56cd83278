// Measures the admin directory query at scale: first page, a filtered (search) page,
// and a deep page reached by cursor. Prints numbers only.
// Run: npm run bench:directory   (BENCH_USERS users, default 100000, in a fresh SQLite file)
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { timeRounds } from './support/rounds';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const BATCH = 10_000;

// BENCH_DATABASE_URL: an empty PostgreSQL database to measure there instead of a fresh SQLite file.
process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? `file:${join(mkdtempSync(join(tmpdir(), 'gatehouse-bench-')), 'directory.db')}`;
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-bench';


const time = (label: string, run: () => Promise<unknown>) => timeRounds(label, ROUNDS, run);

async function main() {
  execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/db-prepare.ts'], { stdio: 'ignore', env: process.env });
  const { db } = await import('../lib/db/client');
  const { searchDirectory } = await import('../lib/users/directory');
  const { directorySearchSchema } = await import('../lib/validation/directory');

  const { databaseDialect } = await import('../lib/db/client');
  const { insertBenchUsers } = await import('./support/seed-users');
  const dialect = databaseDialect();
  const seedStart = performance.now();
  for (let from = 0; from < USERS; from += BATCH) {
    await insertBenchUsers(db, dialect, from, Math.min(BATCH, USERS - from), USERS);
    if (from % 100_000 === 0 && from > 0) process.stdout.write(`  ${from} users, ${((performance.now() - seedStart) / 1000).toFixed(0)} s\n`);
  }
  // What autovacuum would do shortly after a bulk load; the planner needs the statistics.
  if (dialect === 'postgresql') await db.$executeRawUnsafe('ANALYZE');
  console.log(`seeded ${USERS} users in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const parse = (p: Record<string, string>) => directorySearchSchema.parse(p);
  // Cursors about 90% of the way through, found once by walking big pages.
  async function cursorAt(share: number, params: Record<string, string>) {
    let after: string | undefined;
    let seen = 0;
    while (seen < USERS * share) {
      const page = await searchDirectory({ ...parse(params), after }, 1000);
      seen += page.users.length;
      if (!page.next) break;
      after = page.next;
    }
    return after;
  }
  const deep = await cursorAt(0.9, {});
  const deepSignIn = await cursorAt(0.6, { sort: 'last_sign_in' });
  // Past the three quarters that have signed in: a cursor among the never-signed-in.
  const deepNulls = await cursorAt(0.9, { sort: 'last_sign_in', dir: 'asc' });

  await time('first page (created desc)', () => searchDirectory(parse({})));
  await time('first page (last sign-in desc)', () => searchDirectory(parse({ sort: 'last_sign_in' })));
  await time('first page (last sign-in asc)', () => searchDirectory(parse({ sort: 'last_sign_in', dir: 'asc' })));
  await time('first page (email asc)', () => searchDirectory(parse({ sort: 'email', dir: 'asc' })));
  await time('filtered: status + verified', () => searchDirectory(parse({ status: 'suspended', verified: 'yes' })));
  await time('filtered: search part of email', () => searchDirectory(parse({ q: 'user4242' })));
  await time('filtered: search part of name', () => searchDirectory(parse({ q: 'iven4242' })));
  await time('filtered: search part of phone', () => searchDirectory(parse({ q: '7700 04242' })));
  await time('filtered: search, email domain', () => searchDirectory(parse({ q: 'bench42.' })));
  await time('filtered: created date range', () => searchDirectory(parse({ createdFrom: '2024-01-10', createdTo: '2024-01-20' })));
  await time('deep page via cursor (90%)', () => searchDirectory({ ...parse({}), after: deep }));
  await time('deep page, last sign-in (90%)', () => searchDirectory({ ...parse({ sort: 'last_sign_in' }), after: deepSignIn }));
  await time('deep page, last sign-in asc, nulls', () => searchDirectory({ ...parse({ sort: 'last_sign_in', dir: 'asc' }), after: deepNulls }));
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
