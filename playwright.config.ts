import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
// WebAuthn needs a secure context; http://localhost is one, 127.0.0.1 under another RP ID is not.
const baseURL = `http://localhost:${PORT}`;
const chromium = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const E2E_ADMIN = { email: 'admin@e2e.example', password: 'e2e admin passphrase 2026' };
/** The e2e server's database; specs hand it to operator scripts (never open it themselves). */
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? 'file:./.data/e2e/gatehouse.db';

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // A production build (npm run build first) on a fresh embedded database.
    command: `rm -rf .data/e2e && npm start`,
    url: `${baseURL}/sign-in`,
    timeout: 180_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    env: {
      PORT: String(PORT),
      APP_URL: baseURL,
      DATABASE_URL: E2E_DATABASE_URL,
      AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-secret',
      EMAIL_DEV_OUTBOX: 'true',
      // Many sign-ups from one IP in a few minutes: raise per-IP limits, keep per-account lockout as is.
      RATE_LIMIT_SCALE: '50',
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
    },
  },
});
