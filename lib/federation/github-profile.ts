import 'server-only';

type GitHubEmail = { email: string; primary: boolean; verified: boolean };

/**
 * GitHub is OAuth, not OpenID Connect: its /user profile says nothing about whether the address
 * was verified, and Auth.js's default takes the primary address without looking. This reads
 * /user/emails (scope user:email, which the provider asks for) and vouches for the primary address
 * only when GitHub verified it, so a GitHub identity follows the same `email_verified` rule as every
 * other provider (lib/federation/federated-sign-in.ts).
 */
export async function gitHubProfileWithVerifiedEmail(accessToken: string | undefined, apiBaseUrl = 'https://api.github.com'): Promise<Record<string, unknown>> {
  const headers = { Authorization: `Bearer ${accessToken ?? ''}`, 'User-Agent': 'gatehouse', Accept: 'application/vnd.github+json' };
  const profileResponse = await fetch(`${apiBaseUrl}/user`, { headers });
  if (!profileResponse.ok) throw new Error(`GitHub /user answered ${profileResponse.status}`);
  const profile = (await profileResponse.json()) as Record<string, unknown>;
  const emailsResponse = await fetch(`${apiBaseUrl}/user/emails`, { headers });
  const emails: unknown = emailsResponse.ok ? await emailsResponse.json() : [];
  const primary = Array.isArray(emails) ? (emails as GitHubEmail[]).find((e) => e.primary) : undefined;
  if (primary?.verified) return { ...profile, email: primary.email, email_verified: true };
  return { ...profile, email: typeof profile.email === 'string' ? profile.email : (primary?.email ?? null), email_verified: false };
}
