import 'server-only';
import { cookies } from 'next/headers';
import { sessionCookie } from './sessions';

/** Hands the browser its session; the cookie lives as long as the idle timeout allows. */
export async function setSessionCookie(token: string, expires: Date) {
  const { name, options } = sessionCookie();
  (await cookies()).set(name, token, { ...options, expires });
}

export async function clearSessionCookie() {
  const { name, options } = sessionCookie();
  (await cookies()).set(name, '', { ...options, maxAge: 0 });
}
