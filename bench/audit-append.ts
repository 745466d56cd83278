// Measures what the tests must not assert: how much an audit event costs a write when many
// writers run at once. WRITERS concurrent writers (8 by default) each run sign-in-shaped
// transactions (a new session row and the user's lastSignInAt) for BENCH_SECONDS, without an audit
// event and then with one (recordAudit in the same transaction), ROUNDS times alternately; it
// prints the median writes/s of each and their ratio. The sealer runs on its interval meanwhile,
// as in a server; afterwards the bench reports the queue it left, how fast a seal pass empties it,
// and the chain check.
// Run: BENCH_DATABASE_URL=<an empty PostgreSQL database> npm run bench:audit-append
//      (without BENCH_DATABASE_URL, a fresh SQLite file: one writer at a time there, whatever the audit does)
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? `file:${join(mkdtempSync(join(tmpdir(), 'gatehouse-bench-')), 'audit-append.db')}`;
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-bench';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/db-prepare.ts'], { stdio: 'ignore', env: process.env });
  const { db, databaseDialect } = await import('../lib/db/client');
  const { recordAudit } = await import('../lib/audit/record');
  const { UNSEALED, verifyAuditChain } = await import('../lib/audit/chain');
  const { sealAuditEvents, startAuditSealing, stopAuditSealing } = await import('../lib/audit/sealer');

  const writers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => db.user.create({ data: { email: `writer${i}-${randomUUID()}@bench.example` } })));

  /** Every writer runs transactions back to back for SECONDS; answers the writes per second of all of them. */
  async function phase(audited: boolean) {
    let writes = 0;
    const start = performance.now();
    const until = start + SECONDS * 1000;
    await Promise.all(
      writers.map(async (user) => {
        while (performance.now() < until) {
          await db.$transaction(async (tx) => {
            const now = new Date();
            await tx.session.create({ data: { sessionToken: randomUUID(), userId: user.id, expires: new Date(now.getTime() + 3_600_000), absoluteExpiresAt: new Date(now.getTime() + 86_400_000), authMethods: 'password' } });
            await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
            if (audited) await recordAudit(tx, { action: 'user.sign_in', actor: { type: 'user', id: user.id }, target: { type: 'user', id: user.id }, metadata: { methods: 'password' }, context: { ip: '198.51.100.7', userAgent: 'bench' } });
          });
          writes += 1;
        }
      }),
    );
    return writes / ((performance.now() - start) / 1000);
  }

  console.log(`${databaseDialect()}, ${WRITERS} writers, ${ROUNDS} rounds of ${SECONDS} s each way`);
  startAuditSealing();
  const plain: number[] = [];
  const audited: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    plain.push(await phase(false));
    audited.push(await phase(true));
  }
  stopAuditSealing();
  const [p, a] = [median(plain), median(audited)];
  console.log(`writes/s without an audit event   ${p.toFixed(0).padStart(7)}   (rounds: ${plain.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`writes/s with an audit event      ${a.toFixed(0).padStart(7)}   (rounds: ${audited.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`ratio audited / plain             ${(a / p).toFixed(2).padStart(7)}   (target ≥ 0.80)`);

  const queued = await db.auditEvent.count({ where: UNSEALED });
  const sealStart = performance.now();
  let sealed = 0;
  for (let run = await sealAuditEvents(); run.sealed > 0; run = await sealAuditEvents()) sealed += run.sealed;
  const sealMs = performance.now() - sealStart;
  console.log(`left queued when writers stopped  ${String(queued).padStart(7)}   sealed in ${sealMs.toFixed(0)} ms (${sealed ? (sealed / (sealMs / 1000)).toFixed(0) : '-'} events/s)`);
  const verifyStart = performance.now();
  const verified = await verifyAuditChain();
  console.log(`verify chain                      ${(performance.now() - verifyStart).toFixed(0).padStart(7)} ms   ${JSON.stringify(verified)}`);
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
