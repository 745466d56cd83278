import 'server-only';
import { mustAcceptDocuments } from '@/lib/consent/re-consent';
import { dueProfileFields } from '@/lib/profile/progressive';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { requestContext } from '@/lib/http/request-context';
import { completePendingLink } from '@/lib/federation/pending-link';
import { clearPendingLinkCookie, readPendingLinkCookie } from '@/lib/federation/pending-link-cookie';
import { clearChallengeCookie, readChallengeCookie, setChallengeCookie } from './mfa/challenge-cookie';
import { setSessionCookie } from './session-cookie';
import type { SignInOutcome } from './sign-in-pipeline';

/**
 * Turns a sign-in outcome into the next page: sets the session cookie and, when
 * something is due (a second factor, new versions of the terms to accept, a profile
 * question), asks it first, then goes where the person was going. Only called from
 * server actions, which may set cookies.
 */
export async function finishSignIn(outcome: SignInOutcome, next: string | null | undefined): Promise<string> {
  const destination = safeRedirect(next);
  if (outcome.kind === 'restore') {
    return `/restore-account?token=${encodeURIComponent(outcome.restoreToken)}`;
  }
  if (outcome.kind === 'second_factor') {
    await setChallengeCookie(outcome.challengeToken);
    return `/sign-in/two-step?next=${encodeURIComponent(destination)}`;
  }
  const { signedIn } = outcome;
  // The challenge is spent once a session starts; do not leave it lying around.
  if (await readChallengeCookie()) await clearChallengeCookie();
  // The cookie may outlive the idle timeout: the server enforces idle expiry on every
  // request, and the cookie cannot be refreshed from a server component anyway.
  await setSessionCookie(signedIn.token, signedIn.session.absoluteExpiresAt);
  await linkWaitingIdentity(signedIn.user.id, signedIn.session.id);
  const due = await dueProfileFields(signedIn.user.id, { kind: 'sign_in' });
  const afterDocuments = due.length > 0 ? `/complete-profile?next=${encodeURIComponent(destination)}` : destination;
  return (await mustAcceptDocuments(signedIn.user.id)) ? `/accept-terms?next=${encodeURIComponent(afterDocuments)}` : afterDocuments;
}

/**
 * An upstream identity whose email matched this account waits in this browser to be
 * linked; the sign-in that just finished (with its second factor, if any) is the
 * owner's proof, so it is linked now. One waiting for another account is dropped.
 */
async function linkWaitingIdentity(userId: string, sessionId: string) {
  const secret = await readPendingLinkCookie();
  if (!secret) return;
  await clearPendingLinkCookie();
  await completePendingLink(secret, { type: 'user', id: userId, sessionId, context: await requestContext() });
}
