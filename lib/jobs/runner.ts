import 'server-only';
import { config } from '@/lib/config';
import { runEvery } from './claim';
import { JOB_DEFINITIONS } from './catalogue';
import { runDueJobs, runJobsUntilIdle, type RunOptions } from './queue';

/** Runs every due job of every kind once (lib/jobs/catalogue.ts). */
export function runDueBackgroundJobs(options: RunOptions = {}) {
  return runDueJobs(JOB_DEFINITIONS, options);
}

/** Runs background jobs until none is due (the CLI, tests). */
export function runBackgroundJobsUntilIdle(options: RunOptions = {}) {
  return runJobsUntilIdle(JOB_DEFINITIONS, options);
}

/**
 * Runs due jobs in this process every JOB_RUN_INTERVAL_SECONDS (0 turns it off, leaving them
 * to `npm run jobs:run`). Every app instance runs one: claims keep them from running a job twice
 * at once, and a job whose runner died is taken over once its claim expires.
 */
export function startJobRunner() {
  runEvery('jobs', config().jobs.runIntervalSeconds, () => runBackgroundJobsUntilIdle(), 'background jobs failed');
}
