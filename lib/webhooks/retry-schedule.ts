import { maxAttempts, retryDelayMs as policyDelayMs, type RetryPolicy } from '@/lib/jobs/backoff';

// When a failed delivery is tried again: roughly exponential, spread over a day, then given
// up (the jitter and the rule are lib/jobs/backoff.ts, shared with every background job).
export const RETRY_DELAYS_SECONDS = [5, 30, 2 * 60, 10 * 60, 60 * 60, 4 * 60 * 60, 12 * 60 * 60] as const;

export const WEBHOOK_RETRY: RetryPolicy = { delaysSeconds: RETRY_DELAYS_SECONDS };

/** The first try plus one retry per delay: after this many failures a delivery is marked failed. */
export const MAX_DELIVERY_ATTEMPTS = maxAttempts(WEBHOOK_RETRY);

/** Milliseconds to wait after the `attemptsMade`-th failed attempt, or null when it was the last. */
export function retryDelayMs(attemptsMade: number, random: () => number = Math.random): number | null {
  return policyDelayMs(WEBHOOK_RETRY, attemptsMade, random);
}
