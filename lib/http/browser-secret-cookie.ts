import 'server-only';
import { cookies } from 'next/headers';
import { config } from '@/lib/config';

/**
 * A secret kept in one browser: an httpOnly cookie (never in a URL, history or Referer), host-only
 * and Secure when served over HTTPS, living no longer than the token it carries. The second-factor
 * challenge, a pending account link and the sign-up binding are all kept this way.
 */
export function browserSecretCookie(label: string, maxAgeSeconds: number) {
  const cookie = () => {
    const secure = config().secureCookies;
    return { name: secure ? `__Host-gatehouse.${label}` : `gatehouse.${label}`, options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure } };
  };
  return {
    async set(secret: string) {
      const { name, options } = cookie();
      (await cookies()).set(name, secret, { ...options, maxAge: maxAgeSeconds });
    },
    async read(): Promise<string | null> {
      return (await cookies()).get(cookie().name)?.value ?? null;
    },
    async clear() {
      const { name, options } = cookie();
      (await cookies()).set(name, '', { ...options, maxAge: 0 });
    },
  };
}
