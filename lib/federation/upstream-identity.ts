import type { ProviderTokens } from './account-tokens';

/** Who an upstream provider says signed in, in our words rather than Auth.js's. */
export type UpstreamIdentity = {
  /** Auth.js provider id: "google", "oidc", "enterprise-<connection id>", ... */
  provider: string;
  /** The provider's stable subject (`sub`), never the email. */
  providerAccountId: string;
  type: string;
  email: string | null;
  /** True only when the provider says it verified the address (`email_verified`). */
  emailVerified: boolean;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  tokens: ProviderTokens;
};

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * Reads an identity from the OIDC claims (or OAuth profile) a provider returned.
 * Apple sends email_verified as the string "true"; anything but true is unverified.
 */
export function upstreamIdentityFrom(
  account: { provider: string; providerAccountId: string; type: string } & ProviderTokens,
  claims: Record<string, unknown> | undefined,
  fallback: { email?: string | null; name?: string | null } = {},
): UpstreamIdentity {
  const c = claims ?? {};
  const email = text(c.email) ?? text(fallback.email);
  return {
    provider: account.provider,
    providerAccountId: account.providerAccountId,
    type: account.type,
    email: email ? email.toLowerCase() : null,
    emailVerified: c.email_verified === true || c.email_verified === 'true',
    name: text(c.name) ?? text(fallback.name),
    givenName: text(c.given_name),
    familyName: text(c.family_name),
    tokens: {
      access_token: account.access_token,
      refresh_token: account.refresh_token,
      id_token: account.id_token,
      expires_at: account.expires_at,
      token_type: account.token_type,
      scope: account.scope,
      session_state: account.session_state,
    },
  };
}
