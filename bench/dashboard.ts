// Measures the admin dashboard's queries at scale: per-day activity from the audit log and
// passkey/MFA adoption, for each range the dashboard offers. Prints numbers only.
// Run: npm run bench:dashboard   (BENCH_USERS users, default 100000, and BENCH_EVENTS audit
// events over the last 120 days, default 500000, in a fresh SQLite file)
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { timeRounds } from './support/rounds';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 500_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const BATCH = 2_000;
const DAY_MS = 86_400_000;

process.env.DATABASE_URL = `file:${join(mkdtempSync(join(tmpdir(), 'gatehouse-bench-')), 'dashboard.db')}`;
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-bench';


const time = (label: string, run: () => Promise<unknown>) => timeRounds(label, ROUNDS, run);

// The mix of a busy sign-in service: mostly sign-ins, some failures, a few of everything else.
const MIX = [
  ['user.sign_in', 'success', 60],
  ['user.sign_in_failed', 'failure', 10],
  ['user.sign_up', 'success', 5],
  ['user.locked_out', 'success', 1],
  ['session.revoked', 'success', 10],
  ['user.profile_updated', 'success', 14],
] as const;
const WEIGHTS = MIX.flatMap(([action, result, weight]) => Array.from({ length: weight }, () => [action, result] as const));

async function main() {
  execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/db-prepare.ts'], { stdio: 'ignore', env: process.env });
  const { db } = await import('../lib/db/client');
  const { activityPerDay, adoptionPerDay, dashboardMetrics } = await import('../lib/dashboard/metrics');

  const seedStart = performance.now();
  const now = Date.now();
  const since = now - 120 * DAY_MS;
  const customer = await db.role.findUniqueOrThrow({ where: { key: 'customer' } });
  for (let from = 0; from < USERS; from += BATCH) {
    const n = Math.min(BATCH, USERS - from);
    const users = Array.from({ length: n }, (_, k) => {
      const i = from + k;
      return { id: `bench${String(i).padStart(8, '0')}`, email: `user${i}@bench.example`, status: i % 50 ? 'active' : 'suspended', createdAt: new Date(since - 200 * DAY_MS + (i / USERS) * 320 * DAY_MS) };
    });
    await db.user.createMany({ data: users });
    await db.userRole.createMany({ data: users.map((u) => ({ userId: u.id, roleId: customer.id })) });
    // About a third add a passkey and a fifth confirm an authenticator app, some time after signing up.
    await db.passkey.createMany({
      data: users.filter((_, k) => (from + k) % 3 === 0).map((u, k) => ({
        userId: u.id, credentialId: `cred-${u.id}`, publicKey: new Uint8Array([k % 256]), deviceType: 'multiDevice', name: 'Key',
        createdAt: new Date(u.createdAt.getTime() + 5 * DAY_MS),
      })),
    });
    await db.mfaFactor.createMany({
      data: users.filter((_, k) => (from + k) % 5 === 0).map((u) => ({
        userId: u.id, type: 'totp', secretEncrypted: 'x', createdAt: new Date(u.createdAt.getTime() + 9 * DAY_MS), confirmedAt: new Date(u.createdAt.getTime() + 9 * DAY_MS),
      })),
    });
  }
  for (let from = 0; from < EVENTS; from += BATCH) {
    const n = Math.min(BATCH, EVENTS - from);
    await db.auditEvent.createMany({
      data: Array.from({ length: n }, (_, k) => {
        const i = from + k;
        const [action, result] = WEIGHTS[(i * 7919) % WEIGHTS.length]!;
        return { action, result, actorType: 'user', actorId: `bench${String(i % USERS).padStart(8, '0')}`, occurredAt: new Date(since + (i / EVENTS) * 120 * DAY_MS) };
      }),
    });
  }
  console.log(`seeded ${USERS} users and ${EVENTS} audit events in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  for (const days of [7, 30, 90] as const) {
    await time(`activity per day (${days} days)`, () => activityPerDay(days));
    await time(`passkey and MFA adoption (${days} days)`, () => adoptionPerDay(days));
  }
  await time('whole dashboard (30 days)', () => dashboardMetrics(30));
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
