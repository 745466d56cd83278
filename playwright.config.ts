import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
// WebAuthn needs a secure context; http://localhost is one, 127.0.0.1 under another RP ID is not.
const baseURL = `http://localhost:${PORT}`;
// A second server whose sign-ins go stale after 6 seconds, so step-up journeys can be
// walked without waiting ten minutes; everything else runs against the first.
export const E2E_STEP_UP_URL = `http://localhost:${PORT + 50}`;
const chromium = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const E2E_ADMIN = { email: 'admin@e2e.example', password: 'e2e admin passphrase 2026' };
/** The e2e servers' secret; operator scripts that hash secrets (client registration) need the same one. */
export const E2E_AUTH_SECRET = 'e2e-secret-e2e-secret-e2e-secret-e2e-secret';
/** Lets the operator journey scrape GET /metrics (off without it). */
export const E2E_METRICS_TOKEN = 'e2e-metrics-token-e2e-metrics-token';
/** The e2e server's database; specs hand it to operator scripts (never open it themselves). */
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL || 'file:./.data/e2e/gatehouse.db';

/**
 * The generic OpenID Connect social provider, switched on as an operator would: its IdP is a
 * real one the social sign-in journey starts on this port (e2e/customer-signs-in-with-social-account).
 */
export const E2E_SOCIAL_IDP_PORT = PORT + 70;
const SOCIAL_SIGN_IN_ENV = {
  AUTH_OIDC_ISSUER: `http://localhost:${E2E_SOCIAL_IDP_PORT}`,
  AUTH_OIDC_ID: 'gatehouse',
  AUTH_OIDC_SECRET: 'upstream-client-secret-for-tests-only',
  AUTH_OIDC_NAME: 'Example ID',
};

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
  projects: [
    { name: 'chromium', testIgnore: /\.step-up\.spec\.ts$/, use: { ...devices['Desktop Chrome'] } },
    { name: 'step-up', testMatch: /\.step-up\.spec\.ts$/, use: { ...devices['Desktop Chrome'], baseURL: E2E_STEP_UP_URL } },
  ],
  // The step-up server also runs as an operator behind a compressing proxy would (HTTP_COMPRESSION=off).
  webServer: [server(PORT, 'e2e', SOCIAL_SIGN_IN_ENV), server(PORT + 50, 'e2e-step-up', { STEP_UP_MAX_AGE_MINUTES: '0.1', HTTP_COMPRESSION: 'off' })],
});

/** A production build (npm run build first) on a fresh embedded database. */
function server(port: number, dataDir: string, extraEnv: Record<string, string> = {}) {
  const url = `http://localhost:${port}`;
  return {
    command: `rm -rf .data/${dataDir} && npm start`,
    url: `${url}/sign-in`,
    timeout: 180_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe' as const,
    env: {
      PORT: String(port),
      APP_URL: url,
      DATABASE_URL: dataDir === 'e2e' ? E2E_DATABASE_URL : `file:./.data/${dataDir}/gatehouse.db`,
      AUTH_SECRET: E2E_AUTH_SECRET,
      EMAIL_DEV_OUTBOX: 'true',
      // Many sign-ups from one IP in a few minutes: raise per-IP limits, keep per-account lockout as is.
      RATE_LIMIT_SCALE: '50',
      // Journeys enable retention policies; a scheduled sweep must not delete what other journeys need.
      RETENTION_INTERVAL_MINUTES: '0',
      // The journeys' webhook receivers and company IdP run on this machine, over plain http: in a
      // production build both are refused (SSRF guard, lib/http/outbound-guard.ts) unless switched on,
      // as an operator would for a receiver on the same host and a development IdP.
      WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
      CONNECTIONS_ALLOW_DEVELOPMENT_IDPS: 'true',
      METRICS_TOKEN: E2E_METRICS_TOKEN,
      // One JSON line per request would bury the journeys' output; warnings and errors still show.
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      ...extraEnv,
    },
  };
}
