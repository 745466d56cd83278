import 'server-only';
import { config } from '@/lib/config';
import { runRetention } from './run';

/**
 * The in-process scheduler, started once per server by instrumentation.ts: every
 * RETENTION_INTERVAL_MINUTES it runs the enabled policies and the due erasures. Every
 * instance ticks; the JobLease makes all but one skip, so adding instances adds no work.
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

async function retentionTick() {
  try {
    const sweep = await runRetention({ trigger: 'schedule' });
    if (!sweep.ran) return;
    const failed = sweep.runs.filter((r) => !r.ok).map((r) => r.category);
    if (failed.length) console.error(`Retention: ${failed.join(', ')} failed; see the run history at /admin/retention.`);
  } catch (error) {
    // A tick must never take the server down; the next one tries again.
    console.error('Retention run failed:', error instanceof Error ? error.message : error);
  }
}
