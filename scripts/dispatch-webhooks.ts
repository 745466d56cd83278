// Sends every webhook delivery that is due, then exits (npm run webhooks:dispatch): for
// cron, or when app instances run with WEBHOOK_DISPATCH_INTERVAL_SECONDS=0. Safe alongside
// running app instances and other copies of itself.
export async function main() {
  const { dispatchUntilIdle } = await import('../lib/webhooks/dispatcher');
  const { db } = await import('../lib/db/client');
  const { claimed, succeeded, retrying, failed } = await dispatchUntilIdle();
  console.log(`Sent ${claimed} webhook deliver${claimed === 1 ? 'y' : 'ies'}: ${succeeded} succeeded, ${retrying} will be retried, ${failed} gave up.`);
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
