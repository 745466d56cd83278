// Measures what the tests must not assert, over a large audit log: how fast the log viewer's
// filtered pages answer, how long streaming exports take and how much memory they hold (the point
// of batching is that it stays flat), and how long "Verify integrity" takes.
// Run: npm run bench:audit   (a fresh SQLite file; BENCH_AUDIT_EVENTS sets the size, 50000 by default)
//      BENCH_DATABASE_URL=<an empty PostgreSQL database> BENCH_AUDIT_EVENTS=10000000 npm run bench:audit
//      (a database that already holds the bench's chain of that size is measured again without seeding)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { timeRounds } from './support/rounds';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
/** The export measured on its own: a time range this many events long (the issue's 1M-row CSV). */
const EXPORT_EVENTS = Math.min(EVENTS, Number(process.env.BENCH_EXPORT_EVENTS ?? 1_000_000));
const BATCH = 10_000;

process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? `file:${join(mkdtempSync(join(tmpdir(), 'gatehouse-bench-')), 'bench.db')}`;
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-bench';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Runs `work` while sampling the resident set size; reports time and the peak. */
async function measure(label: string, work: () => Promise<unknown>) {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let heapPeak = 0;
  const sample = () => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss);
    heapPeak = Math.max(heapPeak, now.heapTotal + now.external);
  };
  const sampler = setInterval(sample, 5);
  const start = performance.now();
  const detail = await work();
  const ms = performance.now() - start;
  clearInterval(sampler);
  sample();
  // RSS is what the issue's limit is about; the heap and external peak says whether the JS side or native memory grew.
  console.log(`${label.padEnd(46)} ${(ms / 1000).toFixed(1).padStart(7)} s   peak RSS ${mb(peak).padStart(7)} (${mb(baseline)} before), heap + external ${mb(heapPeak)}   ${detail ?? ''}`);
}

const time = (label: string, run: () => Promise<unknown>) => timeRounds(label, ROUNDS, run);

async function drain(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  let bytes = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
  return mb(bytes);
}

/** The child's part: one export of a time range, measured from a process that has done nothing else. */
async function exportOnly(spec: { format: 'csv' | 'json'; heapCap?: number; from: string; to: string }) {
  const { db } = await import('../lib/db/client');
  const { auditExportStream } = await import('../lib/audit/export');
  await measure(`export ${EXPORT_EVENTS} events as ${spec.format}${spec.heapCap ? `, heap ≤ ${spec.heapCap} MB` : ''}`, () => drain(auditExportStream({ from: new Date(spec.from), to: new Date(spec.to) }, spec.format)));
  await db.$disconnect();
}

async function main() {
  if (process.env.BENCH_EXPORT) return exportOnly(JSON.parse(process.env.BENCH_EXPORT));
  execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/db-prepare.ts'], { stdio: 'ignore', env: process.env });
  const { db, databaseDialect } = await import('../lib/db/client');
  const { verifyAuditChain } = await import('../lib/audit/chain');
  const { auditExportStream } = await import('../lib/audit/export');
  const { auditLogPage } = await import('../lib/audit/log-query');
  const { insertBenchAuditEvents, benchPerson, AUDIT_SPACING_MS } = await import('./support/seed-audit');
  const dialect = databaseDialect();
  const start = Date.UTC(2025, 0, 1);

  const head = await db.auditEvent.findFirst({ where: { sequence: { not: null } }, orderBy: { sequence: 'desc' }, select: { sequence: true, hash: true } });
  const have = head?.sequence ?? 0;
  if (have >= EVENTS) {
    console.log(`${dialect}: the database already holds ${have} sealed events; measuring them`);
  } else {
    const seedStart = performance.now();
    let tail = { sequence: have, hash: head?.hash ?? null };
    for (let from = have; from < EVENTS; from += BATCH) {
      tail = await insertBenchAuditEvents(db, dialect, from, Math.min(BATCH, EVENTS - from), start, tail);
      if ((from + BATCH) % 1_000_000 === 0) console.log(`  ${from + BATCH} events, ${((performance.now() - seedStart) / 1000).toFixed(0)} s`);
    }
    // What autovacuum would do shortly after a bulk load: the planner needs the statistics.
    if (dialect === 'postgresql') await db.$executeRawUnsafe('VACUUM ANALYZE "AuditEvent"');
    console.log(`${dialect}: seeded ${EVENTS - have} events in ${((performance.now() - seedStart) / 1000).toFixed(0)} s`);
  }
  const events = Math.max(have, EVENTS);
  const at = (share: number) => new Date(start + Math.floor(events * share) * AUDIT_SPACING_MS);
  const person = benchPerson(4242);
  // Cursors deep in the log: the newest event before a point 90% of the way back (or forward).
  const cursorBefore = async (when: Date, where = {}) => {
    const row = await db.auditEvent.findFirstOrThrow({ where: { ...where, occurredAt: { lte: when } }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], select: { occurredAt: true, id: true } });
    return { occurredAt: row.occurredAt, id: row.id };
  };
  const deepOld = await cursorBefore(at(0.1));
  const deepNew = await cursorBefore(at(0.9));
  const deepFailure = await cursorBefore(at(0.1), { action: 'user.sign_in_failed' });

  console.log(`\nlog viewer pages (${ROUNDS} rounds each)`);
  await time('newest first', () => auditLogPage({}));
  await time('oldest first', () => auditLogPage({}, { order: 'oldest' }));
  await time('action: failed sign-ins', () => auditLogPage({ action: 'user.sign_in_failed' }));
  await time('action: staff profile views', () => auditLogPage({ action: 'staff.profile_viewed' }));
  await time('result: failure', () => auditLogPage({ result: 'failure' }));
  await time('action + result', () => auditLogPage({ action: 'user.sign_in', result: 'success' }));
  await time('actor', () => auditLogPage({ actor: person }));
  await time('target', () => auditLogPage({ target: person }));
  await time('actor + action', () => auditLogPage({ actor: person, action: 'user.sign_in' }));
  await time('target + result', () => auditLogPage({ target: person, result: 'failure' }));
  await time('one day, mid-log', () => auditLogPage({ from: at(0.5), to: new Date(at(0.5).getTime() + 86_400_000) }));
  await time('one day + action', () => auditLogPage({ action: 'user.sign_in_failed', from: at(0.5), to: new Date(at(0.5).getTime() + 86_400_000) }));
  await time('one day + result', () => auditLogPage({ result: 'failure', from: at(0.5), to: new Date(at(0.5).getTime() + 86_400_000) }));
  await time('older page at 90% back', () => auditLogPage({}, { before: deepOld }));
  await time('newer page at 90% back', () => auditLogPage({}, { after: deepOld }));
  await time('older page at 10% back', () => auditLogPage({}, { before: deepNew }));
  await time('failed sign-ins, 90% back', () => auditLogPage({ action: 'user.sign_in_failed' }, { before: deepFailure }));
  await time('failures, 90% back', () => auditLogPage({ result: 'failure' }, { before: deepOld }));
  await time('actor, from a deep cursor', () => auditLogPage({ actor: person }, { before: deepNew }));

  console.log('\nexports (each in a process of its own, so its memory is the export\'s) and the chain check');
  const range = { from: at(0.3).toISOString(), to: new Date(at(0.3).getTime() + (EXPORT_EVENTS - 1) * AUDIT_SPACING_MS).toISOString() };
  // Under V8's default sizing the heap of a busy process grows to a few times what is live before it
  // collects, so the peak says more about V8 than about the export. The same export with the old
  // space capped (as a memory-limited container would set NODE_OPTIONS) finishes, at the same speed,
  // only if it holds no more than a batch at a time: that run is the proof that it streams.
  for (const heapCap of [undefined, 96]) {
    for (const format of ['csv', 'json'] as const) {
      const flags = heapCap ? [`--max-old-space-size=${heapCap}`] : [];
      const child = spawnSync(process.execPath, [...flags, ...process.execArgv, process.argv[1]!], { env: { ...process.env, BENCH_EXPORT: JSON.stringify({ format, heapCap, ...range }) }, stdio: ['ignore', 'inherit', 'inherit'] });
      if (child.status !== 0) throw new Error(`the ${format} export${heapCap ? ` with the old space capped at ${heapCap} MB` : ''} failed`);
    }
  }
  await measure('export one customer as csv', () => drain(auditExportStream({ target: person }, 'csv')));
  let reported = 0;
  await measure(`verify chain (${events} events)`, async () =>
    JSON.stringify(
      await verifyAuditChain(db, {
        onProgress: (checked) => {
          if (checked - reported >= 1_000_000) process.stdout.write(`  ${(reported = checked)} checked\n`);
        },
      }),
    ),
  );
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
