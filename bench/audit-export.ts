// Measures what the tests must not assert: how long streaming exports and the chain check take
// over a large audit log, and how much memory they hold (the point of batching is that it stays flat).
// Run: npm run bench:audit   (a fresh SQLite file; BENCH_AUDIT_EVENTS sets the size, 50000 by default)
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 50_000);

process.env.DATABASE_URL = `file:${join(mkdtempSync(join(tmpdir(), 'gatehouse-bench-')), 'bench.db')}`;
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-bench';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Runs `work` while sampling the resident set size; reports time and the peak above the baseline. */
async function measure(label: string, work: () => Promise<unknown>) {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const start = performance.now();
  const detail = await work();
  const ms = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(`${label.padEnd(28)} ${ms.toFixed(0).padStart(7)} ms   peak RSS ${mb(peak).padStart(9)} (+${mb(peak - baseline)})   ${detail ?? ''}`);
}

async function main() {
  execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/db-prepare.ts'], { stdio: 'ignore', env: process.env });
  const { db } = await import('../lib/db/client');
  const { verifyAuditChain } = await import('../lib/audit/chain');
  const { currentChainKeyVersion, eventHash, personalDigestOf } = await import('../lib/audit/seal');
  const { auditExportStream } = await import('../lib/audit/export');

  // Chained rows written in bulk (recordAudit's one-transaction-per-event would dominate the run).
  const last = await db.auditEvent.findFirst({ where: { sequence: { not: null } }, orderBy: { sequence: 'desc' } });
  let sequence = last?.sequence ?? 0;
  let prevHash = last?.hash ?? null;
  const start = Date.now() - EVENTS * 1000;
  await measure(`insert ${EVENTS} events`, async () => {
    for (let done = 0; done < EVENTS; done += 1000) {
      const rows = [];
      for (let i = done; i < Math.min(EVENTS, done + 1000); i += 1) {
        sequence += 1;
        const personal = { actorId: `user_${i % 500}`, targetId: `user_${i % 500}`, ipAddress: `198.51.100.${i % 250}`, userAgent: 'bench, "quoted"\nagent', personalText: null };
        const row = {
          id: randomUUID(), sequence, occurredAt: new Date(start + i * 1000), action: i % 7 ? 'user.sign_in' : 'user.sign_in_failed',
          result: i % 7 ? 'success' : 'failure', reason: i % 7 ? null : 'wrong_password', actorType: 'user', targetType: 'user',
          sessionId: null, metadata: JSON.stringify({ methods: 'password' }), personalDigest: personalDigestOf(personal), prevHash, keyVersion: currentChainKeyVersion(),
        };
        prevHash = eventHash(row)!;
        rows.push({ ...row, ...personal, hash: prevHash });
      }
      await db.auditEvent.createMany({ data: rows });
    }
  });

  for (const format of ['csv', 'json'] as const) {
    await measure(`export all as ${format}`, async () => {
      const reader = auditExportStream({}, format).getReader();
      let bytes = 0;
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
      return mb(bytes);
    });
  }
  await measure('export failures as csv', async () => {
    const reader = auditExportStream({ action: 'user.sign_in_failed' }, 'csv').getReader();
    let bytes = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
    return mb(bytes);
  });
  await measure('verify chain', async () => JSON.stringify(await verifyAuditChain()));
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
