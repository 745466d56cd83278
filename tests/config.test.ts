import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';

const base = { AUTH_SECRET: 'x'.repeat(40) };

describe('configuration', () => {
  it('uses the development outbox only where email is not really sent', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).email.devOutbox).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example:25' }).email.devOutbox).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'production', EMAIL_DEV_OUTBOX: 'true' }).email.devOutbox).toBe(true);
  });

  it('refuses to start in production without a way to send email', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/SMTP_URL is not set/);
  });

  it('explains invalid values', () => {
    expect(() => loadConfig({ ...base, BRAND_COLOR: 'blue' })).toThrow(/BRAND_COLOR must be a hex colour/);
    expect(() => loadConfig({ ...base, PASSWORD_MIN_LENGTH: '4' })).toThrow(/PASSWORD_MIN_LENGTH/);
    expect(() => loadConfig({ AUTH_SECRET: 'short' })).toThrow(/at least 32 characters/);
  });

  it('makes the minimum password length a one-line setting', () => {
    expect(loadConfig({ ...base, PASSWORD_MIN_LENGTH: '15' }).password.minLength).toBe(15);
  });

  it('uses Secure cookies when served over HTTPS', () => {
    expect(loadConfig({ ...base, APP_URL: 'https://id.example.com' }).secureCookies).toBe(true);
    expect(loadConfig({ ...base }).secureCookies).toBe(false);
  });
});
