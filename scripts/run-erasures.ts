// Erases accounts whose deletion grace period is over. Run it from cron
// (npm run erasure:run); several instances may run it at once.
async function main() {
  const { runDueErasures } = await import('../lib/users/erasure');
  const { db } = await import('../lib/db/client');
  const { erased } = await runDueErasures();
  console.log(`Erased ${erased} account${erased === 1 ? '' : 's'} whose grace period was over.`);
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
