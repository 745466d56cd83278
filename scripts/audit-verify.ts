// Verifies the audit chain from the command line: npm run audit:verify [-- --seal] [-- --anchor '<json>'].
// The anchor is a line the server logged ({"gatehouse":"audit_anchor",...}) or the last record of
// an export (the JSON object, or the CSV row's metadata cell); with it, cutting off the newest
// events is caught too. --seal first seals what is queued (lib/audit/sealer.ts), as a running
// server does every few seconds; without it, queued events are checked and counted as unsealed.
// Exits 1 when the chain is broken, 2 when the anchor cannot be read.
import { parseArgs } from 'node:util';

async function main() {
  const { values } = parseArgs({ options: { anchor: { type: 'string' }, seal: { type: 'boolean' } } });
  const { verifyAuditChain, parseChainAnchor } = await import('../lib/audit/chain');
  const { sealAuditEvents } = await import('../lib/audit/sealer');
  const { db } = await import('../lib/db/client');
  const anchor = values.anchor === undefined ? undefined : parseChainAnchor(values.anchor);
  if (anchor === null) {
    console.error('That is not an audit anchor: expected the JSON line {"gatehouse":"audit_anchor",...}.');
    process.exit(2);
  }
  if (values.seal) {
    const sealing = await sealAuditEvents();
    console.error(sealing.acquired ? `Sealed ${sealing.sealed} queued event(s)${sealing.refused ? `; ${sealing.refused} refused` : ''}.` : 'Another instance holds the sealer’s lease; verifying without sealing.');
  }
  let reported = 0;
  const result = await verifyAuditChain(db, {
    anchor,
    // On stderr, so stdout stays the one JSON line a script can read.
    onProgress: (checked) => {
      if (checked - reported >= 1_000_000) console.error(`${(reported = checked)} events checked…`);
    },
  });
  await db.$disconnect();
  console.log(JSON.stringify(result));
  if (!result.ok) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
