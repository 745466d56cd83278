import 'server-only';
import { dueProfileFields } from '@/lib/profile/progressive';
import { safeRedirect } from '@/lib/http/safe-redirect';
import type { SignedIn } from './complete-sign-in';
import { setSessionCookie } from './session-cookie';

/**
 * Sets the cookie and decides where the person goes next: a short profile
 * question if one is due, then where they were going.
 */
export async function finishSignIn(signedIn: SignedIn, next: string | null | undefined): Promise<string> {
  // The cookie may outlive the idle timeout: the server enforces idle expiry on every
  // request, and the cookie cannot be refreshed from a server component anyway.
  await setSessionCookie(signedIn.token, signedIn.session.absoluteExpiresAt);
  const destination = safeRedirect(next);
  const due = await dueProfileFields(signedIn.user.id, { kind: 'sign_in' });
  return due.length > 0 ? `/complete-profile?next=${encodeURIComponent(destination)}` : destination;
}
