// Rewrites every stored secret under the current AUTH_SECRET, bound to its row: npm run secrets:reencrypt.
// Run it after a rotation (AUTH_SECRET the new secret, AUTH_SECRET_PREVIOUS the old ones), and once
// after upgrading to owner-bound encryption. Safe to run while the app serves and to run again: a
// value is written only if it is still the one read. Prints counts per table; exits 1 if a value
// could not be read (named by table, row and column, never by content).
export {}; // a module, so main() is not a global shared with the other scripts

async function main() {
  const { reencryptStoredSecrets } = await import('../lib/secrets/reencryption');
  const { db } = await import('../lib/db/client');
  const report = await reencryptStoredSecrets(db);
  await db.$disconnect();
  for (const [table, c] of Object.entries(report.tables)) {
    console.log(`${table}: ${c.rewritten} rewritten, ${c.current} already current, ${c.changed} changed meanwhile, ${c.unreadable} unreadable`);
  }
  for (const u of report.unreadable) console.error(`unreadable: ${u.table} ${u.id} ${u.column}: ${u.reason}`);
  if (report.unreadable.length > 0) {
    console.error('Some values could not be read: keep AUTH_SECRET_PREVIOUS, fix or replace them (rotate that secret in the console), and run this again.');
    process.exit(1);
  }
  const changed = Object.values(report.tables).some((c) => c.changed > 0);
  console.log(
    changed
      ? 'Some values changed while this ran: run it again.'
      : 'Every stored secret is now under AUTH_SECRET. AUTH_SECRET_PREVIOUS is still needed by `npm run audit:verify` for audit events sealed before the rotation (they are never resealed), and by recovery codes and app client secrets issued before it (hashes cannot be rewritten) until they are replaced.',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
