import 'server-only';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { config } from '@/lib/config';
import { rateLimitBucketOf } from '@/lib/http/client-address';
import { countRateLimitRefusal } from '@/lib/operations/metrics';

// Limits are per process in memory by default; with REDIS_URL every instance
// shares them, which a scaled-out deployment needs.
type LimitName = 'signInIp' | 'signInEmail' | 'signUpIp' | 'emailSendIp' | 'emailSendAddress' | 'codeIp' | 'resetIp' | 'dataExportUser' | 'secondFactorUser' | 'apiClient' | 'passkeyChallengeIp' | 'passwordChangeIp';

/**
 * points per duration (seconds); blockDuration after exhausting them. Per-account
 * limits are `unscaled`: RATE_LIMIT_SCALE relaxes per-IP limits only.
 */
const LIMITS: Record<LimitName, { points: number; duration: number; blockDuration?: number; unscaled?: true }> = {
  signInIp: { points: 50, duration: 10 * 60 },
  // Every sign-in page load asks for a passkey challenge (autofill), and each is a stored row:
  // roomy for people, but a script cannot fill the table.
  passkeyChallengeIp: { points: 120, duration: 10 * 60 },
  // Consecutive failures for one address (known or not): the lockout counter.
  signInEmail: { points: 0, duration: 0 },
  signUpIp: { points: 20, duration: 60 * 60 },
  emailSendIp: { points: 20, duration: 15 * 60 },
  emailSendAddress: { points: 5, duration: 15 * 60 },
  codeIp: { points: 30, duration: 10 * 60 },
  resetIp: { points: 20, duration: 60 * 60 },
  // Choosing a new password (completing a reset, setting or changing one) costs an argon2 hash.
  passwordChangeIp: { points: 20, duration: 60 * 60 },
  dataExportUser: { points: 5, duration: 60 * 60 },
  // Wrong second-factor codes for one account across all its challenges: signing in
  // again with the password must not buy an attacker fresh guesses (NIST SP 800-63B §5.2.2).
  secondFactorUser: { points: 10, duration: 15 * 60, blockDuration: 15 * 60, unscaled: true },
  // Management API calls per client: keeps one runaway integration from starving the others.
  apiClient: { points: 600, duration: 60, unscaled: true },
};

const limiters = new Map<LimitName, RateLimiterAbstract>();
let redis: Redis | undefined;

function limiter(name: LimitName): RateLimiterAbstract {
  let found = limiters.get(name);
  if (found) return found;
  const { lockout, redisUrl } = config();
  const scale = Number(process.env.RATE_LIMIT_SCALE ?? 1) || 1;
  const spec =
    name === 'signInEmail'
      ? // One point per password check, taken before the check: `threshold` checks, then none
        // until the failures expire or a success clears them (lib/auth/password-attempts.ts).
        { points: lockout.threshold, duration: lockout.durationSeconds, blockDuration: lockout.durationSeconds }
      : { points: LIMITS[name].points * (LIMITS[name].unscaled ? 1 : scale), duration: LIMITS[name].duration, blockDuration: LIMITS[name].blockDuration };
  const options = { keyPrefix: `gatehouse:${name}`, ...spec };
  if (redisUrl) {
    // Commands queue while the connection is being made (otherwise the first requests after
    // a start would silently fall back to per-process memory); a dead Redis fails fast.
    redis ??= new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    // If Redis is unreachable, limits fall back to this process's memory rather than failing sign-ins.
    found = new RateLimiterRedis({ storeClient: redis, insuranceLimiter: new RateLimiterMemory(options), ...options });
  } else {
    found = new RateLimiterMemory(options);
  }
  limiters.set(name, found);
  return found;
}

/** Per-IP limits (their names end in "Ip") count an IPv6 client by its /64, like one IPv4 address. */
function bucketOf(name: LimitName, key: string | null): string {
  if (name.endsWith('Ip')) return rateLimitBucketOf(key);
  return key ?? 'unknown';
}

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** A refusal, counted by limiter for GET /metrics. */
function refused(name: LimitName, rejection: RateLimiterRes): { ok: false; retryAfterSeconds: number } {
  countRateLimitRefusal(name);
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
}

/** Spends one point; says how long to wait when the limit is reached. */
export async function consumeLimit(name: LimitName, key: string | null): Promise<LimitResult> {
  try {
    await limiter(name).consume(bucketOf(name, key));
    return { ok: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return refused(name, rejection);
    throw rejection;
  }
}

export type AttemptResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/**
 * Spends one point before the guess it pays for is checked, and says how many are left.
 * The increment is atomic (one Redis script, or one synchronous step of the in-memory store),
 * so parallel guesses cannot all read "not limited yet" and then all be checked.
 */
export async function consumeAttempt(name: LimitName, key: string): Promise<AttemptResult> {
  try {
    const spent = await limiter(name).consume(key);
    return { ok: true, remaining: spent.remainingPoints };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return refused(name, rejection);
    throw rejection;
  }
}

/** Gives back a point taken by `consumeAttempt` when the attempt it paid for was not a failure. */
export async function rewardLimit(name: LimitName, key: string) {
  await limiter(name).reward(key, 1);
}

/** Refuses the key for `seconds` from now, whatever its count. */
export async function blockLimit(name: LimitName, key: string, seconds: number) {
  await limiter(name).block(key, seconds);
}

/** Whether the key is already over its limit, without spending a point. */
export async function isLimited(name: LimitName, key: string): Promise<LimitResult> {
  const state = await limiter(name).get(bucketOf(name, key));
  if (state && state.consumedPoints > limiter(name).points) {
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(state.msBeforeNext / 1000)) };
  }
  return { ok: true };
}

export async function resetLimit(name: LimitName, key: string) {
  await limiter(name).delete(bucketOf(name, key));
}

export function describeWait(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? 'a minute' : `${minutes} minutes`;
}
