import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SmtpReceiver } from './support/smtp-receiver';

// Email over real SMTP, to a receiver in this process: the configuration is read once, so
// SMTP_URL is set before any module of the app is loaded.
const smtp = new SmtpReceiver();
await smtp.start();
process.env.SMTP_URL = smtp.url;

const { db } = await import('@/lib/db/client');
const { queueEmail, EMAIL_RETRY } = await import('@/lib/email/send');
const { runSoon } = await import('@/lib/jobs/queue');
const { maxAttempts } = await import('@/lib/jobs/backoff');
const { runDueBackgroundJobs, runBackgroundJobsUntilIdle } = await import('@/lib/jobs/runner');
const { requestPasswordReset } = await import('@/lib/auth/password-reset');
const { newContext, signUpCustomer, uniqueEmail } = await import('./support/fixtures');

afterAll(() => smtp.stop());

beforeEach(async () => {
  smtp.answer = 250;
  smtp.delayMs = 0;
  // Jobs left by other files (the suite shares one database) would be sent here too.
  await db.job.deleteMany({});
});

/** A clock the test moves, for backoff and claims. */
function testClock() {
  let now = Date.now();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms), at: (date: Date) => (now = date.getTime()) };
}

const queueResetEmail = (to: string, url = 'https://gatehouse.test/reset?token=secret-one-time-token') =>
  queueEmail(db, 'password_reset', to, { url }, { userId: null });

describe('background jobs', () => {
  it('never sends an email queued in a transaction that rolled back', async () => {
    const to = uniqueEmail('rolled-back');
    let queued: Awaited<ReturnType<typeof queueResetEmail>> | undefined;
    await expect(
      db.$transaction(async (tx) => {
        queued = await queueEmail(tx, 'password_reset', to, { url: 'https://gatehouse.test/reset?token=t' }, { userId: null });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await runSoon(queued);
    expect(await runBackgroundJobsUntilIdle()).toMatchObject({ claimed: 0 });
    expect(await db.job.count({ where: { id: queued!.id } })).toBe(0);
    expect(smtp.attempts.filter((a) => a.to === to)).toEqual([]);
  });

  it('sends an email queued with the change right after the commit, and keeps neither the address nor the link once sent', async () => {
    const { email, user } = await signUpCustomer();
    expect(await requestPasswordReset(email, newContext())).toEqual({ ok: true });
    const [message] = smtp.to(email).filter((m) => m.data.includes('Reset your password'));
    expect(message?.data).toMatch(/reset-password\/new\?token=/);
    const job = await db.job.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: 'desc' } });
    expect(job).toMatchObject({ name: 'email.send', status: 'succeeded', attempts: 1, payload: null, lockedUntil: null, lastError: null, finishedAt: expect.any(Date) });
  });

  it('keeps the payload encrypted and bound to its job: a copy on another job is refused, not sent', async () => {
    const to = uniqueEmail('sealed');
    const first = await queueResetEmail(to);
    const second = await queueResetEmail(uniqueEmail('other'));
    const stored = await db.job.findUniqueOrThrow({ where: { id: first.id } });
    expect(stored.payload).not.toContain(to);
    expect(stored.payload).not.toContain('secret-one-time-token');
    await db.job.update({ where: { id: second.id }, data: { payload: stored.payload } });
    await db.job.update({ where: { id: first.id }, data: { nextAttemptAt: new Date(Date.now() + 3_600_000) } });
    expect(await runDueBackgroundJobs()).toMatchObject({ claimed: 1, failed: 1 });
    expect(await db.job.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ status: 'failed', attempts: 1, lastError: 'payload unreadable', payload: null });
    expect(smtp.attempts.filter((a) => a.to === to)).toEqual([]);
  });

  it('retries with exponential backoff and jitter while the mail server says "try later" or is down, then delivers once', async () => {
    const to = uniqueEmail('retried');
    const { id } = await queueResetEmail(to);
    const clock = testClock();

    smtp.answer = 451;
    const expectBackoff = async (attempt: number, lastError: RegExp) => {
      const job = await db.job.findUniqueOrThrow({ where: { id } });
      expect(job).toMatchObject({ status: 'pending', attempts: attempt, lockedUntil: null });
      expect(job.lastError).toMatch(lastError);
      expect(job.lastError).not.toContain(to);
      const waited = job.nextAttemptAt.getTime() - clock.now().getTime();
      const base = EMAIL_RETRY.delaysSeconds[attempt - 1]! * 1000;
      expect(waited).toBeGreaterThanOrEqual(base * 0.8);
      expect(waited).toBeLessThanOrEqual(base * 1.2);
      return job.nextAttemptAt;
    };
    expect(await runDueBackgroundJobs({ now: clock.now })).toMatchObject({ claimed: 1, retrying: 1 });
    const second = await expectBackoff(1, /^SMTP 451$/);
    // Nothing is due before the backoff is over.
    clock.advance(5_000);
    expect((await runDueBackgroundJobs({ now: clock.now })).claimed).toBe(0);

    await smtp.stop();
    clock.at(second);
    expect(await runDueBackgroundJobs({ now: clock.now })).toMatchObject({ claimed: 1, retrying: 1 });
    const third = await expectBackoff(2, /^E[A-Z]+$/);

    await smtp.start();
    smtp.answer = 250;
    clock.at(third);
    expect(await runDueBackgroundJobs({ now: clock.now })).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'succeeded', attempts: 3, payload: null, lastError: null });
    expect(smtp.to(to)).toHaveLength(1);
    expect(smtp.attempts.filter((a) => a.to === to).map((a) => a.reply)).toEqual([451, 250]);
  });

  it('gives up after the last retry, and at once when the mail server refuses the address for good', async () => {
    smtp.answer = 451;
    const transient = await queueResetEmail(uniqueEmail('transient'));
    const clock = testClock();
    for (let attempt = 1; attempt <= maxAttempts(EMAIL_RETRY); attempt += 1) {
      expect((await runDueBackgroundJobs({ now: clock.now })).claimed, `attempt ${attempt}`).toBe(1);
      const job = await db.job.findUniqueOrThrow({ where: { id: transient.id } });
      expect(job.attempts).toBe(attempt);
      if (attempt < maxAttempts(EMAIL_RETRY)) clock.at(job.nextAttemptAt);
      else expect(job).toMatchObject({ status: 'failed', lastError: 'SMTP 451', payload: null, finishedAt: expect.any(Date) });
    }
    clock.advance(7 * 24 * 3600_000);
    expect((await runDueBackgroundJobs({ now: clock.now })).claimed).toBe(0);

    smtp.answer = 550;
    const refused = await queueResetEmail(uniqueEmail('refused'));
    expect(await runDueBackgroundJobs({ now: clock.now })).toMatchObject({ claimed: 1, failed: 1 });
    expect(await db.job.findUniqueOrThrow({ where: { id: refused.id } })).toMatchObject({ status: 'failed', attempts: 1, lastError: 'SMTP 550' });
  });

  it('takes over a job whose runner died mid-send once its claim has expired, and sends it once', async () => {
    const to = uniqueEmail('taken-over');
    const { id } = await queueResetEmail(to);
    const clock = testClock();
    // What a runner killed after claiming leaves behind.
    await db.job.update({ where: { id }, data: { status: 'running', lockedUntil: new Date(clock.now().getTime() + 60_000) } });
    expect((await runDueBackgroundJobs({ now: clock.now })).claimed).toBe(0);
    clock.advance(59_000);
    expect((await runDueBackgroundJobs({ now: clock.now })).claimed).toBe(0);
    clock.advance(2_000);
    expect(await runDueBackgroundJobs({ now: clock.now })).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(smtp.to(to)).toHaveLength(1);
  });

  it('never lets two runners at once send the same email', async () => {
    const addresses = Array.from({ length: 8 }, () => uniqueEmail('raced'));
    for (const to of addresses) await queueResetEmail(to);
    smtp.delayMs = 30;
    const [a, b] = await Promise.all([runBackgroundJobsUntilIdle({ batchSize: 3 }), runBackgroundJobsUntilIdle({ batchSize: 3 })]);
    expect(a.claimed + b.claimed).toBe(8);
    expect(a.succeeded + b.succeeded).toBe(8);
    for (const to of addresses) expect(smtp.to(to), to).toHaveLength(1);
    expect(await db.job.count({ where: { status: 'succeeded', attempts: 1 } })).toBe(8);
  });
});
