// Runs before the app starts (npm start / npm run dev) and in tests: makes a
// development secret if none is configured, applies migrations, seeds, and prints
// a generated administrator password exactly once.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

function ensureDevelopmentSecret() {
  if (process.env.AUTH_SECRET) return;
  const file = resolve(process.cwd(), '.data/auth-secret');
  if (existsSync(file)) return;
  mkdirSync(resolve(process.cwd(), '.data'), { recursive: true });
  writeFileSync(file, randomBytes(48).toString('base64url'));
  chmodSync(file, 0o600);
  console.log('Created a development AUTH_SECRET in .data/auth-secret (set AUTH_SECRET in production).');
}

async function main() {
  ensureDevelopmentSecret();
  // Fail before the server starts, with the configuration's own message.
  const { loadConfig } = await import('../lib/config');
  loadConfig();
  const { applyMigrations } = await import('../lib/db/migrate');
  const { resolveDatabase } = await import('../lib/db/url');
  const target = resolveDatabase();
  const { applied } = await applyMigrations(target.url);
  console.log(`Database (${target.dialect}): ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}.`);

  const { createDb } = await import('../lib/db/client');
  const { seed } = await import('../lib/seed/seed');
  const db = createDb(target);
  try {
    const result = await seed(db, { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD });
    if (result.admin?.generatedPassword) {
      console.log(
        [
          '',
          '  Gatehouse administrator created. This password is shown only once:',
          `    email:    ${result.admin.email}`,
          `    password: ${result.admin.generatedPassword}`,
          '',
        ].join('\n'),
      );
    } else if (result.admin) {
      console.log(`Gatehouse administrator ${result.admin.email} created from ADMIN_EMAIL/ADMIN_PASSWORD.`);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
