// When a failed delivery is tried again: roughly exponential, spread over a day, then given
// up. Each delay gets ±20% jitter so deliveries that failed together (a receiver outage) do
// not all come back in the same second (Standard Webhooks §"Retry schedule"; AWS's
// "Exponential Backoff and Jitter").
export const RETRY_DELAYS_SECONDS = [5, 30, 2 * 60, 10 * 60, 60 * 60, 4 * 60 * 60, 12 * 60 * 60] as const;

/** The first try plus one retry per delay: after this many failures a delivery is marked failed. */
export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

const JITTER = 0.2;

/** Milliseconds to wait after the `attemptsMade`-th failed attempt, or null when it was the last. */
export function retryDelayMs(attemptsMade: number, random: () => number = Math.random): number | null {
  if (attemptsMade >= MAX_DELIVERY_ATTEMPTS) return null;
  const base = RETRY_DELAYS_SECONDS[Math.max(0, attemptsMade - 1)]! * 1000;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}
