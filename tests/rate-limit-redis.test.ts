import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

const redisUrl = process.env.TEST_REDIS_URL;

/** A fresh copy of the limiter module: what a second app instance would have. */
async function newInstance() {
  vi.resetModules();
  process.env.REDIS_URL = redisUrl;
  const config = await import('@/lib/config');
  expect(config.config().redisUrl).toBe(redisUrl);
  return import('@/lib/rate-limit/limiters');
}

describe.runIf(redisUrl)('rate limits with REDIS_URL', () => {
  it('are shared by every instance: attempts on two instances add up to one lockout', async () => {
    const a = await newInstance();
    const b = await newInstance();
    expect(a).not.toBe(b);
    const email = `shared-${randomUUID()}@example.test`;
    // Five password checks (the lockout threshold), taken before each check; the sixth is refused.
    for (let i = 0; i < 3; i += 1) expect((await a.consumeAttempt('signInEmail', email)).ok).toBe(true);
    expect(await b.consumeAttempt('signInEmail', email)).toEqual({ ok: true, remaining: 1 });
    expect(await b.consumeAttempt('signInEmail', email)).toEqual({ ok: true, remaining: 0 });
    const sixth = await a.consumeAttempt('signInEmail', email);
    expect(sixth.ok).toBe(false);
    expect((await b.isLimited('signInEmail', email)).ok).toBe(false);
    await b.resetLimit('signInEmail', email);
    expect((await a.isLimited('signInEmail', email)).ok).toBe(true);
  });
});

describe.runIf(redisUrl)('the password lockout with REDIS_URL', () => {
  it('checks at most five of fifty parallel wrong passwords sent to two instances, then refuses the right one', async () => {
    const { signUpCustomer, newContext, GOOD_PASSWORD } = await import('./support/fixtures');
    const { email, user } = await signUpCustomer();
    const instances: Array<typeof import('@/lib/auth/password-sign-in')> = [];
    for (let i = 0; i < 2; i += 1) {
      await newInstance();
      instances.push(await import('@/lib/auth/password-sign-in'));
    }
    expect(instances[0]).not.toBe(instances[1]);
    const tag = `burst-${randomUUID()}`;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => instances[i % 2]!.signInWithPassword({ email, password: `wrong ${i}` }, { ...newContext(), userAgent: tag })),
    );
    expect(answers.filter((answer) => !answer.ok && answer.error === 'invalid')).toHaveLength(4);
    const { db } = await import('@/lib/db/client');
    expect(await db.auditEvent.count({ where: { userAgent: tag, action: 'user.sign_in_failed', reason: 'wrong_password' } })).toBe(5);
    expect(await db.auditEvent.count({ where: { action: 'user.locked_out', targetId: user.id } })).toBe(1);
    // Another instance, sharing only Redis: its memory says nothing, Redis says locked.
    await db.user.update({ where: { id: user.id }, data: { lockedUntil: null } });
    await newInstance();
    const fresh = await import('@/lib/auth/password-sign-in');
    const right = await fresh.signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    expect(!right.ok && right.error).toBe('locked');
  });
});

describe('rate limits in memory', () => {
  it('block an IP after its allowance and say how long to wait', async () => {
    vi.resetModules();
    delete process.env.REDIS_URL;
    const limits = await import('@/lib/rate-limit/limiters');
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    for (let i = 0; i < 20; i += 1) expect((await limits.consumeLimit('signUpIp', ip)).ok).toBe(true);
    const blocked = await limits.consumeLimit('signUpIp', ip);
    expect(blocked.ok).toBe(false);
    if (!blocked.ok) expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
  });
});
