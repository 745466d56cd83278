import 'server-only';
import { decryptSecret, encryptSecret } from '@/lib/crypto/encryption';

/** What an upstream provider hands back with an identity, as Auth.js names it (and the Account table stores it). */
export type ProviderTokens = {
  access_token?: string | null;
  refresh_token?: string | null;
  id_token?: string | null;
  expires_at?: number | null;
  token_type?: string | null;
  scope?: string | null;
  session_state?: string | null;
};

export const PROVIDER_TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'] as const;
export type ProviderTokenField = (typeof PROVIDER_TOKEN_FIELDS)[number];

/** The linked identity an Account row is for: what its tokens are bound to. */
export type AccountIdentity = { provider: string; providerAccountId: string };

/** The associated-data purpose of one stored token field. */
export const providerTokenPurpose = (field: ProviderTokenField) => `account:${field}`;

/**
 * Tokens are bound to the identity (provider and provider account id, the row's unique key)
 * rather than the row id, because they are encrypted before the row exists (Auth.js's adapter
 * and the sign-up insert choose the id) and the identity never changes once linked.
 */
export const providerTokenOwner = (account: AccountIdentity) => JSON.stringify([account.provider, account.providerAccountId]);

/**
 * Tokens as they are stored: access, refresh and ID tokens are bearer credentials at
 * the provider, so a copy of the database must not hand them out. Each field is bound
 * to its own purpose, so one cannot be swapped for another, and to its identity, so one copied
 * onto another person's Account row does not decrypt there.
 */
export function encryptProviderTokens(tokens: ProviderTokens, account: AccountIdentity) {
  const stored: Record<string, string | number | null> = {
    expires_at: tokens.expires_at ?? null,
    token_type: tokens.token_type ?? null,
    scope: tokens.scope ?? null,
    session_state: tokens.session_state ?? null,
  };
  for (const field of PROVIDER_TOKEN_FIELDS) {
    const value = tokens[field];
    stored[field] = value ? encryptSecret(value, providerTokenPurpose(field), providerTokenOwner(account)) : null;
  }
  return stored as {
    access_token: string | null;
    refresh_token: string | null;
    id_token: string | null;
    expires_at: number | null;
    token_type: string | null;
    scope: string | null;
    session_state: string | null;
  };
}

/** Reads one stored token back (for a future call to the provider's API on the user's behalf). */
export function decryptProviderToken(stored: string | null, field: ProviderTokenField, account: AccountIdentity) {
  return stored ? decryptSecret(stored, providerTokenPurpose(field), providerTokenOwner(account)) : null;
}
