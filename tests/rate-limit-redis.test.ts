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
  it('are shared by every instance: failures on two instances add up to one lockout', async () => {
    const a = await newInstance();
    const b = await newInstance();
    expect(a).not.toBe(b);
    const email = `shared-${randomUUID()}@example.test`;
    for (let i = 0; i < 2; i += 1) expect((await a.consumeLimit('signInEmail', email)).ok).toBe(true);
    for (let i = 0; i < 2; i += 1) expect((await b.consumeLimit('signInEmail', email)).ok).toBe(true);
    const fifth = await a.consumeLimit('signInEmail', email);
    expect(fifth.ok).toBe(false);
    expect((await b.isLimited('signInEmail', email)).ok).toBe(false);
    await b.resetLimit('signInEmail', email);
    expect((await a.isLimited('signInEmail', email)).ok).toBe(true);
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
