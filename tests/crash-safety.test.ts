import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { verifyAuditChain } from '@/lib/audit/chain';
import { runBackgroundJobsUntilIdle } from '@/lib/jobs/runner';

/**
 * Runs a child script against the test database (whichever the suite runs on: SQLite or
 * PostgreSQL) and kills it with SIGKILL once it has acknowledged `enough` lines; returns them.
 */
async function acknowledgedBeforeKill(script: string, enough: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', script], {
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acknowledged: string[] = [];
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      acknowledged.push(...lines.filter(Boolean));
      if (acknowledged.length >= enough) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => resolve());
    child.on('error', reject);
  });
  await new Promise((r) => child.once('exit', r).once('close', r));
  expect(child.signalCode, 'the child died before it was killed').toBe('SIGKILL');
  return acknowledged;
}

describe('durability', () => {
  it('loses no acknowledged write when the process is killed with SIGKILL', async () => {
    const acknowledged = await acknowledgedBeforeKill('tests/support/crash-writer.ts', 200);
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);
    const stored = await db.devOutboxMessage.count({ where: { id: { in: acknowledged } } });
    expect(stored).toBe(acknowledged.length);
  });

  it('loses no acknowledged sign-up, sign-in or email when the server is killed mid-traffic, and the audit chain verifies after restart', async () => {
    const started = new Date();
    const acknowledged = (await acknowledgedBeforeKill('tests/support/crash-requests.ts', 60)).map((line) => line.split(' '));
    const emailed = acknowledged.filter(([kind]) => kind !== 'sign_in').map(([kind, email]) => ({ template: kind === 'sign_up' ? 'verify_email' : kind!, email: email! }));
    const sent = async ({ template, email }: { template: string; email: string }) => (await db.devOutboxMessage.count({ where: { to: email, template } })) > 0;

    // The kill landed with answered requests whose emails had not gone out: what is tested here.
    const unsentAtKill = (await Promise.all(emailed.map(sent))).filter((s) => !s).length;
    expect(unsentAtKill).toBeGreaterThan(0);

    // The restart: a job runner, after the dead process's claims (a minute) have expired.
    await runBackgroundJobsUntilIdle({ now: () => new Date(Date.now() + 2 * 60_000) });

    for (const [kind, email, sessionId] of acknowledged) {
      if (kind === 'sign_up') {
        const user = await db.user.findUnique({ where: { email }, select: { id: true } });
        expect(user, `${email} signed up`).not.toBeNull();
        expect(await db.auditEvent.count({ where: { action: 'user.sign_up', targetId: user!.id } }), `${email}'s sign-up event`).toBe(1);
      }
      if (kind === 'sign_in') expect(await db.session.count({ where: { id: sessionId } }), `${email}'s session`).toBe(1);
    }
    const missing = [];
    for (const email of emailed) if (!(await sent(email))) missing.push(email);
    expect(missing).toEqual([]);
    // Nothing the dead process queued is left waiting, or was given up.
    expect(await db.job.count({ where: { createdAt: { gte: started }, status: { not: 'succeeded' } } })).toBe(0);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  }, 120_000);
});
