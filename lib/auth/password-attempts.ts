import 'server-only';
import { config } from '@/lib/config';
import { blockLimit, consumeAttempt, resetLimit, rewardLimit } from '@/lib/rate-limit/limiters';

/**
 * The password lockout for one address (known or not): consecutive failed checks,
 * shared by sign-in and step-up (NIST SP 800-63B §5.2.2, ASVS 5.0 6.3.1).
 *
 * The attempt is taken before argon2 runs, not counted after it fails: otherwise a
 * burst of parallel guesses all pass a "not locked yet" read and are all checked.
 * The counter is one atomic increment (Redis script, or the in-memory store's
 * synchronous step), so across every instance sharing Redis at most `threshold`
 * checks run before the lock.
 */
export type PasswordAttempt = { ok: true; last: boolean } | { ok: false; retryAfterSeconds: number };

export async function takePasswordAttempt(email: string): Promise<PasswordAttempt> {
  const taken = await consumeAttempt('signInEmail', email);
  return taken.ok ? { ok: true, last: taken.remaining === 0 } : taken;
}

/** The failure that used the last attempt: the lock runs its full length from now. */
export async function lockPasswordAttempts(email: string) {
  await blockLimit('signInEmail', email, config().lockout.durationSeconds);
}

/** A right password ends the run of consecutive failures. */
export async function clearPasswordFailures(email: string) {
  await resetLimit('signInEmail', email);
}

/** A right password that still may not sign in (suspended account): the failure count stays as it was. */
export async function returnPasswordAttempt(email: string) {
  await rewardLimit('signInEmail', email);
}
