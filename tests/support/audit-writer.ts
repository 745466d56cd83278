// Child process for the audit sealer test: another process on the same database (a second
// instance, or a cron job on the SQLite file) appending audit events back to back until killed.
import { createDb } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';

async function main() {
  const db = createDb();
  for (;;) {
    await db.$transaction((tx) => recordAudit(tx, { action: 'retention.dry_run', actor: { type: 'system' }, metadata: { writer: 'other process' } }));
    process.stdout.write('appended\n');
  }
}

void main();
