import 'server-only';
import { cookies } from 'next/headers';
import { config } from '@/lib/config';
import { TOKEN_TTL_SECONDS } from './verification-tokens';

/**
 * The browser a sign-up happened in keeps a secret (httpOnly, never in a URL) whose keyed hash
 * names the new account. A mailbox proof from this browser shows that whoever chose the sign-up's
 * password also reads the mailbox, so the account is confirmed as it is (lib/auth/unproven-account.ts).
 */
function signUpBindingCookie() {
  const secure = config().secureCookies;
  return {
    name: secure ? '__Host-gatehouse.sign-up' : 'gatehouse.sign-up',
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure },
  };
}

export async function setSignUpBindingCookie(secret: string) {
  const { name, options } = signUpBindingCookie();
  (await cookies()).set(name, secret, { ...options, maxAge: TOKEN_TTL_SECONDS.sign_up_binding });
}

export async function readSignUpBindingCookie(): Promise<string | null> {
  return (await cookies()).get(signUpBindingCookie().name)?.value ?? null;
}
