// Child process for the crash-safety test: writes rows one by one and prints each
// id only after its commit has been acknowledged, until it is killed.
import { createDb } from '@/lib/db/client';

async function main() {
  const db = createDb();
  for (let i = 0; ; i += 1) {
    const row = await db.devOutboxMessage.create({
      data: { to: 'crash@example.test', subject: `write ${i}`, text: 'x', html: 'x', template: 'crash_test' },
    });
    process.stdout.write(`${row.id}\n`);
  }
}

void main();
