import 'server-only';
import { config } from '@/lib/config';
import { claimPeriod } from '@/lib/jobs/lease';
import { runRetention, type RetentionSweep } from './run';

/**
 * The in-process scheduler, started once per server by instrumentation.ts: every
 * RETENTION_INTERVAL_MINUTES it runs the enabled policies and the due erasures. Every
 * instance ticks; the first tick of each interval claims it (runScheduledRetention) and the
 * run's lease keeps any other run out meanwhile, so adding instances adds no work.
 * `npm run retention:run` does the same from cron for deployments that prefer that.
 */

const globalForScheduler = globalThis as unknown as { gatehouseRetentionTimer?: ReturnType<typeof setInterval> };

export function startRetentionScheduler() {
  const minutes = config().retentionIntervalMinutes;
  if (minutes === 0 || globalForScheduler.gatehouseRetentionTimer) return;
  const timer = setInterval(() => void retentionTick(), minutes * 60 * 1000);
  // The timer alone does not keep the process alive (tests, a shutdown in progress).
  timer.unref();
  globalForScheduler.gatehouseRetentionTimer = timer;
}

export function stopRetentionScheduler() {
  clearInterval(globalForScheduler.gatehouseRetentionTimer);
  globalForScheduler.gatehouseRetentionTimer = undefined;
}

/** Held for (most of) one interval by the instance whose tick swept in it. */
export const RETENTION_SCHEDULE_LEASE = 'retention-schedule';

/**
 * One scheduled sweep per interval across every instance. Each instance ticks at its own phase,
 * and the run's lease is let go when the run ends, so that lease alone lets every instance sweep
 * in turn (N sweeps an interval for N instances). The first tick of an interval also claims the
 * interval; the others in it find it taken. The claim is a little shorter than the interval, so
 * an instance on its own, whose timer fires a moment early against the claim's clock, still
 * sweeps on every tick.
 */
export async function runScheduledRetention(options: { now?: Date; intervalMinutes?: number } = {}): Promise<RetentionSweep> {
  const intervalMs = (options.intervalMinutes ?? config().retentionIntervalMinutes) * 60 * 1000;
  const claimed = await claimPeriod(RETENTION_SCHEDULE_LEASE, intervalMs * 0.9, options.now);
  if (!claimed) return { ran: false };
  return runRetention({ trigger: 'schedule', now: options.now });
}

async function retentionTick() {
  try {
    const sweep = await runScheduledRetention();
    if (!sweep.ran) return;
    const failed = sweep.runs.filter((r) => !r.ok).map((r) => r.category);
    if (failed.length) console.error(`Retention: ${failed.join(', ')} failed; see the run history at /admin/retention.`);
  } catch (error) {
    // A tick must never take the server down; the next one tries again.
    console.error('Retention run failed:', error instanceof Error ? error.message : error);
  }
}
