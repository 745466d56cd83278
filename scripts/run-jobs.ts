// Runs every background job that is due (emails first of all), then exits (npm run jobs:run):
// for cron, or when app instances run with JOB_RUN_INTERVAL_SECONDS=0. Safe alongside running
// app instances and other copies of itself.
export async function main() {
  const { runBackgroundJobsUntilIdle } = await import('../lib/jobs/runner');
  const { db } = await import('../lib/db/client');
  const { claimed, succeeded, retrying, failed } = await runBackgroundJobsUntilIdle();
  console.log(`Ran ${claimed} background job${claimed === 1 ? '' : 's'}: ${succeeded} succeeded, ${retrying} will be retried, ${failed} gave up.`);
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
