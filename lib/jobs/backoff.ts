// When failed work is tried again: after each failure the next delay of the policy, with ±20%
// jitter so that work which failed together (a receiver or mail server outage) does not all
// come back in the same second (AWS Architecture Blog, "Exponential Backoff and Jitter";
// Standard Webhooks, "Retry schedule"). After the last delay it is given up.

export type RetryPolicy = {
  /** Seconds to wait after the first, second, … failure; one attempt more than there are delays. */
  delaysSeconds: readonly number[];
};

const JITTER = 0.2;

/** The first try plus one retry per delay: after this many failures the work is marked failed. */
export function maxAttempts(policy: RetryPolicy) {
  return policy.delaysSeconds.length + 1;
}

/** Milliseconds to wait after the `attemptsMade`-th failed attempt, or null when it was the last. */
export function retryDelayMs(policy: RetryPolicy, attemptsMade: number, random: () => number = Math.random): number | null {
  if (attemptsMade >= maxAttempts(policy)) return null;
  const base = policy.delaysSeconds[Math.max(0, attemptsMade - 1)]! * 1000;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}
