import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Gives the run a fresh database: a temporary SQLite file by default, or, when
 * TEST_POSTGRES_URL is set, a new database on that server (dropped afterwards).
 * Migrations and the seed are applied exactly as `npm start` applies them.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_POSTGRES_URL;
  let databaseUrl: string;
  let cleanup: () => Promise<void>;
  if (adminUrl) {
    const { Client } = await import('pg');
    const name = `gatehouse_test_${process.pid}_${Date.now()}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    cleanup = async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
    databaseUrl = `file:${join(dir, 'test.db')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/db-prepare.ts'], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: TEST_SECRET, ADMIN_EMAIL: 'admin@test.example', ADMIN_PASSWORD: 'correct horse battery staple' },
  });
  project.provide('databaseUrl', databaseUrl);
  console.log(`Integration tests on ${adminUrl ? 'PostgreSQL' : 'SQLite'}: ${databaseUrl.replace(/\/\/[^@]*@/, '//')}`);
  return cleanup;
}

export const TEST_SECRET = 'integration-test-secret-integration-test-secret';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
