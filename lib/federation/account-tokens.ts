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

const SECRET_FIELDS = ['access_token', 'refresh_token', 'id_token'] as const;

/**
 * Tokens as they are stored: access, refresh and ID tokens are bearer credentials at
 * the provider, so a copy of the database must not hand them out. Each field is bound
 * to its own purpose, so one cannot be swapped for another.
 */
export function encryptProviderTokens(tokens: ProviderTokens) {
  const stored: Record<string, string | number | null> = {
    expires_at: tokens.expires_at ?? null,
    token_type: tokens.token_type ?? null,
    scope: tokens.scope ?? null,
    session_state: tokens.session_state ?? null,
  };
  for (const field of SECRET_FIELDS) {
    const value = tokens[field];
    stored[field] = value ? encryptSecret(value, `account:${field}`) : null;
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
export function decryptProviderToken(stored: string | null, field: (typeof SECRET_FIELDS)[number]) {
  return stored ? decryptSecret(stored, `account:${field}`) : null;
}
