import { randomUUID } from 'node:crypto';
process.env.DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/bench_append';
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-bench';
const { db } = await import('../lib/db/client');
const { recordAudit } = await import('../lib/audit/record');
const user = await db.user.create({ data: { email: `w-${randomUUID()}@bench.example` } });
async function run(label: string, audit: ((tx: any) => Promise<unknown>) | null, n = 1500) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let i = 0; i < n / 8; i++) await db.$transaction(async (tx) => {
      const now = new Date();
      await tx.session.create({ data: { sessionToken: randomUUID(), userId: user.id, expires: new Date(now.getTime() + 3_600_000), absoluteExpiresAt: new Date(now.getTime() + 86_400_000), authMethods: 'password' } });
      await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
      if (audit) await audit(tx);
    });
  }));
  const c = process.cpuUsage(c0);
  console.log(label.padEnd(20), 'cpu µs/tx', ((c.user + c.system) / n).toFixed(0), 'wall tx/s', (n / ((performance.now() - t0) / 1000)).toFixed(0));
}
const ev = (tx: any) => recordAudit(tx, { action: 'user.sign_in', actor: { type: 'user', id: user.id }, target: { type: 'user', id: user.id }, metadata: { methods: 'password' }, context: { ip: '198.51.100.7', userAgent: 'bench' } });
await run('warm', ev);
for (let r = 0; r < 2; r++) { await run('plain', null); await run('audited', ev); await run('plain+select1', (tx) => tx.$executeRawUnsafe('SELECT 1')); }
await db.$disconnect();
