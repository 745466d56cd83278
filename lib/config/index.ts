import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { proxyTrustFrom } from '@/lib/http/client-address';

// Parsed once, here, so a misconfiguration fails at start with a clear message
// instead of deep inside a request.
const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const minutes = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().optional(),
  APP_URL: z.url().optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  // Older AUTH_SECRETs, newest first, comma-separated: read with, never written with (see previousSecretsFrom).
  AUTH_SECRET_PREVIOUS: z.string().optional(),
  BRAND_NAME: z.string().min(1).default('Gatehouse'),
  BRAND_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'BRAND_COLOR must be a hex colour like #4f46e5')
    .default('#4f46e5'),
  BRAND_LOGO_URL: z.string().default('/logo.svg'),
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(64).default(8),
  SESSION_IDLE_TIMEOUT_MINUTES: minutes(60 * 24 * 7),
  SESSION_ABSOLUTE_LIFETIME_MINUTES: minutes(60 * 24 * 30),
  STEP_UP_MAX_AGE_MINUTES: z.coerce.number().positive().default(10),
  ACCOUNT_DELETION_GRACE_DAYS: z.coerce.number().int().min(0).default(30),
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(2).default(5),
  LOCKOUT_MINUTES: minutes(15),
  SMTP_URL: z.string().optional(),
  EMAIL_FROM: z.string().default('Gatehouse <no-reply@localhost>'),
  EMAIL_DEV_OUTBOX: booleanFlag,
  REDIS_URL: z.string().optional(),
  // GET /metrics is off unless set; scrapers send it as a bearer token.
  METRICS_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(24, 'METRICS_TOKEN must be at least 24 characters (openssl rand -hex 32)').optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Who may tell us the client's address: none by default (the TCP peer is the client).
  TRUSTED_PROXIES: z.string().optional(),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).optional(),
  // 0 turns the in-process scheduler off (run `npm run retention:run` from cron instead). Fractions
  // are accepted (tests run the schedule every few seconds).
  RETENTION_INTERVAL_MINUTES: z.coerce.number().min(0, 'RETENTION_INTERVAL_MINUTES must be 0 (off) or more').default(60),
  AUDIT_ANCHOR_INTERVAL_MINUTES: z.coerce.number().int().min(0, 'AUDIT_ANCHOR_INTERVAL_MINUTES must be 0 (off) or more').default(15),
  // How often each instance tries to seal queued audit events (one at a time, under a lease); 0 leaves it to another process.
  AUDIT_SEAL_INTERVAL_SECONDS: z.coerce.number().int().min(0, 'AUDIT_SEAL_INTERVAL_SECONDS must be 0 (off) or more').default(2),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  // How often each app instance looks for webhook deliveries that are due; 0 leaves it to `npm run webhooks:dispatch`.
  WEBHOOK_DISPATCH_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(5),
  // How often each app instance looks for background jobs (emails) that are due; 0 leaves it to `npm run jobs:run`.
  JOB_RUN_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(5),
  // Production refuses webhook endpoints on this machine's networks (SSRF); this lets a receiver on the same host or LAN be used.
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: booleanFlag,
  // Production wants enterprise IdPs on https at public addresses; this admits a development IdP (http, localhost).
  CONNECTIONS_ALLOW_DEVELOPMENT_IDPS: booleanFlag,
  // Social and generic OIDC sign-in: each provider is on only when its id and secret are set.
  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  AUTH_APPLE_ID: z.string().optional(),
  AUTH_APPLE_SECRET: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_ID: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_SECRET: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_ISSUER: z.url().optional(),
  AUTH_OIDC_ISSUER: z.url().optional(),
  AUTH_OIDC_ID: z.string().optional(),
  AUTH_OIDC_SECRET: z.string().optional(),
  AUTH_OIDC_NAME: z.string().min(1).default('Single sign-on'),
});

type Env = z.infer<typeof envSchema>;

/** The id/secret pair of a provider, or nothing when either is missing (the provider stays off). */
function credentials(id: string | undefined, secret: string | undefined) {
  return id && secret ? { clientId: id, clientSecret: secret } : undefined;
}

function socialProviders(e: Env) {
  const oidc = credentials(e.AUTH_OIDC_ID, e.AUTH_OIDC_SECRET);
  return {
    google: credentials(e.AUTH_GOOGLE_ID, e.AUTH_GOOGLE_SECRET),
    github: credentials(e.AUTH_GITHUB_ID, e.AUTH_GITHUB_SECRET),
    apple: credentials(e.AUTH_APPLE_ID, e.AUTH_APPLE_SECRET),
    microsoft: credentials(e.AUTH_MICROSOFT_ENTRA_ID_ID, e.AUTH_MICROSOFT_ENTRA_ID_SECRET) && {
      ...credentials(e.AUTH_MICROSOFT_ENTRA_ID_ID, e.AUTH_MICROSOFT_ENTRA_ID_SECRET)!,
      issuer: e.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
    },
    oidc: oidc && e.AUTH_OIDC_ISSUER ? { ...oidc, issuer: e.AUTH_OIDC_ISSUER, name: e.AUTH_OIDC_NAME } : undefined,
  };
}

/**
 * The secrets a rotation retired, newest first. Everything written from now on uses AUTH_SECRET;
 * these only let what they wrote be read (ciphertexts, audit events, Auth.js cookies) until it
 * is rewritten (`npm run secrets:reencrypt`). Each must be as strong as AUTH_SECRET itself.
 */
function previousSecretsFrom(list: string | undefined, current: string): string[] {
  const secrets = (list ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const problem = secrets.some((s) => s.length < 32)
    ? 'each secret must be at least 32 characters'
    : secrets.includes(current)
      ? 'it lists the current AUTH_SECRET'
      : new Set(secrets).size !== secrets.length
        ? 'it lists a secret twice'
        : null;
  if (problem) throw new Error(`Gatehouse configuration is invalid:\n  AUTH_SECRET_PREVIOUS: ${problem} (older secrets, newest first, separated by commas).`);
  return secrets;
}

export type AppConfig = ReturnType<typeof loadConfig>;

function formatIssues(error: z.ZodError) {
  return error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
}

/** A secret for development that survives restarts: kept beside the embedded database. */
function developmentSecret(): string | undefined {
  const file = resolve(/*turbopackIgnore: true*/ process.cwd(), '.data/auth-secret');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Gatehouse configuration is invalid:\n${formatIssues(parsed.error)}`);
  }
  const e = parsed.data;
  const secret = e.AUTH_SECRET ?? developmentSecret();
  if (!secret) {
    throw new Error('AUTH_SECRET is not set: set it (openssl rand -base64 48), or run `npm run db:prepare` to create a development one in .data/.');
  }
  const previousSecrets = previousSecretsFrom(e.AUTH_SECRET_PREVIOUS, secret);
  let proxyTrust;
  try {
    proxyTrust = proxyTrustFrom(e.TRUSTED_PROXIES, e.TRUSTED_PROXY_HOPS);
  } catch (error) {
    throw new Error(`Gatehouse configuration is invalid:\n  TRUSTED_PROXIES: ${(error as Error).message}`);
  }
  const appUrl = (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const production = e.NODE_ENV === 'production';
  const devOutbox = !e.SMTP_URL && (e.NODE_ENV !== 'production' || e.EMAIL_DEV_OUTBOX);
  if (!e.SMTP_URL && !devOutbox) {
    throw new Error('SMTP_URL is not set: production needs it (or EMAIL_DEV_OUTBOX=true for a demo, which shows every email at /dev/outbox).');
  }
  return {
    env: e.NODE_ENV,
    appUrl,
    secureCookies: appUrl.startsWith('https://'),
    secret,
    previousSecrets,
    brand: { name: e.BRAND_NAME, color: e.BRAND_COLOR, logoUrl: e.BRAND_LOGO_URL },
    password: { minLength: e.PASSWORD_MIN_LENGTH, maxLength: 256 },
    session: {
      idleTimeoutSeconds: e.SESSION_IDLE_TIMEOUT_MINUTES * 60,
      absoluteLifetimeSeconds: e.SESSION_ABSOLUTE_LIFETIME_MINUTES * 60,
      // "last seen" is written at most this often, not on every request.
      touchIntervalSeconds: 5 * 60,
    },
    lockout: { threshold: e.LOCKOUT_THRESHOLD, durationSeconds: e.LOCKOUT_MINUTES * 60 },
    stepUpMaxAgeSeconds: e.STEP_UP_MAX_AGE_MINUTES * 60,
    deletionGraceDays: e.ACCOUNT_DELETION_GRACE_DAYS,
    retentionIntervalMinutes: e.RETENTION_INTERVAL_MINUTES,
    auditAnchorIntervalMinutes: e.AUDIT_ANCHOR_INTERVAL_MINUTES,
    auditSealIntervalSeconds: e.AUDIT_SEAL_INTERVAL_SECONDS,
    email: { smtpUrl: e.SMTP_URL, from: e.EMAIL_FROM, devOutbox },
    redisUrl: e.REDIS_URL,
    operations: { metricsToken: e.METRICS_TOKEN, logLevel: e.LOG_LEVEL },
    proxyTrust,
    admin: { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD },
    jobs: { runIntervalSeconds: e.JOB_RUN_INTERVAL_SECONDS },
    webhooks: {
      dispatchIntervalSeconds: e.WEBHOOK_DISPATCH_INTERVAL_SECONDS,
      // Outside production, plain http://localhost receivers keep working for development.
      outbound: { allowPrivateNetworks: !production || e.WEBHOOKS_ALLOW_PRIVATE_NETWORKS, allowHttp: true },
    },
    connections: {
      outbound: { allowPrivateNetworks: !production || e.CONNECTIONS_ALLOW_DEVELOPMENT_IDPS, allowHttp: !production || e.CONNECTIONS_ALLOW_DEVELOPMENT_IDPS },
    },
    socialProviders: socialProviders(e),
  };
}

let cached: AppConfig | undefined;

export function config(): AppConfig {
  cached ??= loadConfig();
  return cached;
}
