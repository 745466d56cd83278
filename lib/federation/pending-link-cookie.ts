import 'server-only';
import { cookies } from 'next/headers';
import { config } from '@/lib/config';
import { TOKEN_TTL_SECONDS } from '@/lib/auth/verification-tokens';

/**
 * The one place a pending account link is kept: an httpOnly cookie, so only the
 * browser that came back from the provider can complete the link, and the secret
 * never appears in a URL.
 */
function pendingLinkCookie() {
  const secure = config().secureCookies;
  return {
    name: secure ? '__Host-gatehouse.pending-link' : 'gatehouse.pending-link',
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure },
  };
}

export async function setPendingLinkCookie(secret: string) {
  const { name, options } = pendingLinkCookie();
  (await cookies()).set(name, secret, { ...options, maxAge: TOKEN_TTL_SECONDS.account_link });
}

export async function readPendingLinkCookie(): Promise<string | null> {
  return (await cookies()).get(pendingLinkCookie().name)?.value ?? null;
}

export async function clearPendingLinkCookie() {
  const { name, options } = pendingLinkCookie();
  (await cookies()).set(name, '', { ...options, maxAge: 0 });
}
