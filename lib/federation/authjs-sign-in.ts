import 'server-only';
import { cookies } from 'next/headers';
import { config } from '@/lib/config';
import { finishSignIn } from '@/lib/auth/after-sign-in';
import { requestContext } from '@/lib/http/request-context';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { acceptUpstreamIdentity } from './federated-sign-in';
import { setPendingLinkCookie } from './pending-link-cookie';
import { upstreamIdentityFrom } from './upstream-identity';
import type { ProviderTokens } from './account-tokens';

type CallbackInput = {
  account?: ({ provider: string; providerAccountId: string; type: string } & ProviderTokens) | null;
  profile?: Record<string, unknown>;
  user?: { email?: string | null; name?: string | null };
};

/** Where Auth.js kept the page the person was going to (set from `redirectTo` when the sign-in started). */
async function destinationFromAuthjs() {
  const jar = await cookies();
  const raw = jar.get('__Secure-authjs.callback-url')?.value ?? jar.get('authjs.callback-url')?.value;
  if (!raw) return undefined;
  if (!URL.canParse(raw)) return safeRedirect(raw);
  const url = new URL(raw);
  return url.origin === config().appUrl ? safeRedirect(url.pathname + url.search) : undefined;
}

/**
 * Auth.js's signIn callback, where a provider's answer leaves Auth.js and enters
 * Gatehouse's own pipeline. It always returns a URL, which makes Auth.js redirect
 * there instead of creating users, links or sessions itself: provisioning, linking,
 * suspension, second factors, terms and the session cookie are all decided by
 * lib/federation and lib/auth, exactly as for every other way in.
 */
export async function federatedSignInCallback({ account, profile, user }: CallbackInput): Promise<string | false> {
  // Only OAuth/OIDC providers are configured; anything else is not ours to accept.
  if (!account || (account.type !== 'oidc' && account.type !== 'oauth')) return false;
  const identity = upstreamIdentityFrom(account, profile, { email: user?.email, name: user?.name });
  const result = await acceptUpstreamIdentity(identity, await requestContext());
  if (result.kind === 'refused') return `/sign-in?error=federation_${result.reason}`;
  if (result.kind === 'link_required') {
    await setPendingLinkCookie(result.linkToken);
    return '/sign-in/link-account';
  }
  return finishSignIn(result.outcome, await destinationFromAuthjs());
}
