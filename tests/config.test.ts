import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { configuredSocialProviders, socialProviders } from '@/lib/federation/providers';

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

  it('reads AUTH_SECRET_PREVIOUS as older secrets, newest first, and refuses weak or confused lists', () => {
    const older = 'o'.repeat(40);
    const oldest = 'p'.repeat(40);
    expect(loadConfig(base).previousSecrets).toEqual([]);
    expect(loadConfig({ ...base, AUTH_SECRET_PREVIOUS: ` ${older} , ${oldest},` }).previousSecrets).toEqual([older, oldest]);
    expect(() => loadConfig({ ...base, AUTH_SECRET_PREVIOUS: 'short' })).toThrow(/AUTH_SECRET_PREVIOUS: each secret must be at least 32 characters/);
    expect(() => loadConfig({ ...base, AUTH_SECRET_PREVIOUS: base.AUTH_SECRET })).toThrow(/lists the current AUTH_SECRET/);
    expect(() => loadConfig({ ...base, AUTH_SECRET_PREVIOUS: `${older},${older}` })).toThrow(/lists a secret twice/);
  });

  it('makes the minimum password length a one-line setting', () => {
    expect(loadConfig({ ...base, PASSWORD_MIN_LENGTH: '15' }).password.minLength).toBe(15);
  });

  it('uses Secure cookies when served over HTTPS', () => {
    expect(loadConfig({ ...base, APP_URL: 'https://id.example.com' }).secureCookies).toBe(true);
    expect(loadConfig({ ...base }).secureCookies).toBe(false);
  });
});

describe('social sign-in settings', () => {
  const all = {
    ...base,
    AUTH_GOOGLE_ID: 'g-id',
    AUTH_GOOGLE_SECRET: 'g-secret',
    AUTH_GITHUB_ID: 'gh-id',
    AUTH_GITHUB_SECRET: 'gh-secret',
    AUTH_APPLE_ID: 'a-id',
    AUTH_APPLE_SECRET: 'a-secret',
    AUTH_MICROSOFT_ENTRA_ID_ID: 'm-id',
    AUTH_MICROSOFT_ENTRA_ID_SECRET: 'm-secret',
    AUTH_MICROSOFT_ENTRA_ID_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0',
    AUTH_OIDC_ISSUER: 'https://id.example.com',
    AUTH_OIDC_ID: 'o-id',
    AUTH_OIDC_SECRET: 'o-secret',
    AUTH_OIDC_NAME: 'Example ID',
  };

  it('switches each provider on only when its id and secret (and, for generic OIDC, its issuer) are set', () => {
    expect(configuredSocialProviders(loadConfig(base).socialProviders)).toEqual([]);
    expect(configuredSocialProviders(loadConfig(all).socialProviders)).toEqual([
      { id: 'google', name: 'Google' },
      { id: 'github', name: 'GitHub' },
      { id: 'apple', name: 'Apple' },
      { id: 'microsoft-entra-id', name: 'Microsoft' },
      { id: 'oidc', name: 'Example ID' },
    ]);
    const some = { ...all, AUTH_GITHUB_SECRET: undefined, AUTH_OIDC_ISSUER: undefined };
    expect(configuredSocialProviders(loadConfig(some).socialProviders).map((p) => p.id)).toEqual(['google', 'apple', 'microsoft-entra-id']);
  });

  it('builds the Auth.js providers behind the buttons, with PKCE, state and nonce on the OpenID Connect ones', () => {
    const providers = socialProviders(loadConfig(all).socialProviders).map((p) => (typeof p === 'function' ? p() : p)) as unknown as {
      id: string;
      type: string;
      checks?: string[];
      issuer?: string;
      options?: { clientId?: string; checks?: string[]; issuer?: string };
    }[];
    expect(providers.map((p) => p.id)).toEqual(['google', 'github', 'apple', 'microsoft-entra-id', 'oidc']);
    const checksOf = (id: string) => {
      const p = providers.find((x) => x.id === id)!;
      return p.options?.checks ?? p.checks;
    };
    for (const id of ['google', 'microsoft-entra-id', 'oidc']) expect(checksOf(id)).toEqual(['pkce', 'state', 'nonce']);
    const generic = providers.find((p) => p.id === 'oidc')!;
    expect(generic).toMatchObject({ type: 'oidc', issuer: 'https://id.example.com' });
    expect(providers.find((p) => p.id === 'microsoft-entra-id')!.options).toMatchObject({ clientId: 'm-id', issuer: 'https://login.microsoftonline.com/tenant-id/v2.0' });
  });
});
