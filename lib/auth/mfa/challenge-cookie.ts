import 'server-only';
import { cookies } from 'next/headers';
import { config } from '@/lib/config';
import { TOKEN_TTL_SECONDS } from '../verification-tokens';

/**
 * The one place the pending second-factor challenge is kept in the browser: an
 * httpOnly cookie, so the token never appears in a URL, history or Referer, and
 * lives no longer than the challenge itself.
 */
function challengeCookie() {
  const secure = config().secureCookies;
  return {
    name: secure ? '__Host-gatehouse.two-step' : 'gatehouse.two-step',
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure },
  };
}

export async function setChallengeCookie(token: string) {
  const { name, options } = challengeCookie();
  (await cookies()).set(name, token, { ...options, maxAge: TOKEN_TTL_SECONDS.mfa_challenge });
}

export async function readChallengeCookie(): Promise<string | null> {
  return (await cookies()).get(challengeCookie().name)?.value ?? null;
}

export async function clearChallengeCookie() {
  const { name, options } = challengeCookie();
  (await cookies()).set(name, '', { ...options, maxAge: 0 });
}
