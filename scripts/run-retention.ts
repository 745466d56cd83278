// Runs every enabled retention policy, then the erasures whose grace period is over, as the
// in-process scheduler does. Run it from cron (npm run retention:run); several instances may
// run it at once: a lease lets only one through.
async function sweepOnce() {
  const { runRetention } = await import('../lib/retention/run');
  const { db } = await import('../lib/db/client');
  const sweep = await runRetention({ trigger: 'cli' });
  if (!sweep.ran) {
    console.log('Another retention run is in progress; nothing to do.');
  } else {
    for (const run of sweep.runs) console.log(`${run.category}: ${run.ok ? run.message : run.formError}`);
    if (!sweep.runs.length) console.log('No retention policy is enabled.');
    console.log(`Erased ${sweep.erased} account${sweep.erased === 1 ? '' : 's'} whose grace period was over.`);
  }
  await db.$disconnect();
  if (sweep.ran && sweep.runs.some((r) => !r.ok)) process.exit(1);
}

sweepOnce().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
