// Verifies the audit chain from the command line: npm run audit:verify [-- --anchor '<json>'].
// The anchor is a line the server logged ({"gatehouse":"audit_anchor",...}) or the last record of
// an export (the JSON object, or the CSV row's metadata cell); with it, cutting off the newest
// events is caught too. Exits 1 when the chain is broken, 2 when the anchor cannot be read.
import { parseArgs } from 'node:util';

async function main() {
  const { values } = parseArgs({ options: { anchor: { type: 'string' } } });
  const { verifyAuditChain, parseChainAnchor } = await import('../lib/audit/chain');
  const { db } = await import('../lib/db/client');
  const anchor = values.anchor === undefined ? undefined : parseChainAnchor(values.anchor);
  if (anchor === null) {
    console.error('That is not an audit anchor: expected the JSON line {"gatehouse":"audit_anchor",...}.');
    process.exit(2);
  }
  const result = await verifyAuditChain(db, { anchor });
  await db.$disconnect();
  console.log(JSON.stringify(result));
  if (!result.ok) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
