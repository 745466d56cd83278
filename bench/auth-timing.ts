// Measures what the tests must not assert: whether answers for known and unknown
// emails take measurably different time, and how fast a session check is.
// Run: npm run bench:auth   (uses a fresh SQLite file, or BENCH_DATABASE_URL)
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? `file:${join(mkdtempSync(join(tmpdir(), 'gatehouse-bench-')), 'bench.db')}`;
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-bench';
process.env.RATE_LIMIT_SCALE = '100000';
process.env.LOCKOUT_THRESHOLD = '1000000';

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

// What a request defers until after its response (emails, and work done only for known
// addresses) is held here and run between samples, so the timings are what a client waits for.
const deferred: Array<() => Promise<unknown>> = [];

async function time(label: string, run: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
    while (deferred.length) await deferred.shift()!();
  }
  const { median, p95 } = stats(samples);
  console.log(`${label.padEnd(46)} median ${median.toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms`);
  return median;
}

async function main() {
  execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/db-prepare.ts'], { stdio: 'ignore', env: process.env });
  const { signUp } = await import('../lib/auth/sign-up');
  const { signInWithPassword } = await import('../lib/auth/password-sign-in');
  const { requestPasswordReset } = await import('../lib/auth/password-reset');
  const { createSession, findActiveSession } = await import('../lib/auth/sessions');
  const { db } = await import('../lib/db/client');
  const { requestMagicLink, requestEmailCode } = await import('../lib/auth/email-sign-in');
  (await import('../lib/http/after-response')).holdDeferredWork((task) => deferred.push(task));
  const ctx = { ip: '127.0.0.1', userAgent: 'bench' };
  const password = 'bench passphrase for timing';

  await signUp({ email: 'known@bench.test', method: 'password', password, acceptTerms: true }, ctx);
  console.log(`Gatehouse auth timing, ${ROUNDS} rounds each, ${process.env.DATABASE_URL!.split(':')[0]} database\n`);

  const known = await time('sign-in: known email, wrong password', () => signInWithPassword({ email: 'known@bench.test', password: 'wrong' }, ctx));
  const unknown = await time('sign-in: unknown email', (i) => signInWithPassword({ email: `nobody${i}@bench.test`, password: 'wrong' }, ctx));
  await time('sign-in: correct password (creates a session)', () => signInWithPassword({ email: 'known@bench.test', password }, ctx));
  console.log(`  known/unknown difference: ${(known - unknown).toFixed(1)} ms\n`);

  const taken = await time('sign-up: taken email', () => signUp({ email: 'known@bench.test', method: 'password', password, acceptTerms: true }, ctx));
  const fresh = await time('sign-up: new email', (i) => signUp({ email: `new${i}@bench.test`, method: 'password', password, acceptTerms: true }, ctx));
  console.log(`  taken/new difference: ${(taken - fresh).toFixed(1)} ms\n`);

  const resetKnown = await time('reset request: known email', () => requestPasswordReset('known@bench.test', ctx));
  const resetUnknown = await time('reset request: unknown email', (i) => requestPasswordReset(`ghost${i}@bench.test`, ctx));
  console.log(`  known/unknown difference: ${(resetKnown - resetUnknown).toFixed(1)} ms\n`);

  const linkKnown = await time('magic-link request: known email', () => requestMagicLink('known@bench.test', '/account', ctx));
  const linkUnknown = await time('magic-link request: unknown email', (i) => requestMagicLink(`ghost-link${i}@bench.test`, '/account', ctx));
  console.log(`  known/unknown difference: ${(linkKnown - linkUnknown).toFixed(1)} ms\n`);

  const codeKnown = await time('code request: known email', () => requestEmailCode('known@bench.test', ctx));
  const codeUnknown = await time('code request: unknown email', (i) => requestEmailCode(`ghost-code${i}@bench.test`, ctx));
  console.log(`  known/unknown difference: ${(codeKnown - codeUnknown).toFixed(1)} ms\n`);

  const user = await db.user.findUniqueOrThrow({ where: { email: 'known@bench.test' } });
  const { token } = await createSession(db, { userId: user.id, methods: ['password'], context: ctx });
  const lookups = 2000;
  const start = performance.now();
  for (let i = 0; i < lookups; i += 1) await findActiveSession(token);
  const seconds = (performance.now() - start) / 1000;
  console.log(`session check (one indexed lookup)              ${Math.round(lookups / seconds)} per second`);
  console.log(`resident memory                                 ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`);
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
