import 'server-only';
import { decodeClientDataJSON, isoBase64URL } from '@simplewebauthn/server/helpers';
import { generateToken, hashToken } from '@/lib/crypto/tokens';
import type { DbOrTx } from '@/lib/db/client';

export type ChallengePurpose = 'registration' | 'authentication';

/** How long a person has to finish a ceremony once it starts. */
export const CHALLENGE_TTL_SECONDS = 5 * 60;

// Stored hashed like every other one-time value; the browser gets the challenge itself.
const hashChallenge = (challenge: string) => hashToken(challenge, 'webauthn-challenge');

/**
 * Issues a fresh challenge for one ceremony. `userId` binds it to a signed-in person
 * (registration, step-up); sign-in challenges have none, since nobody is known yet.
 */
export async function issueChallenge(tx: DbOrTx, purpose: ChallengePurpose, userId: string | null): Promise<string> {
  const now = new Date();
  // Abandoned ceremonies (a sign-in page left open, a cancelled prompt) leave rows behind: sweep them here.
  await tx.webAuthnChallenge.deleteMany({ where: { expires: { lt: now } } });
  const challenge = generateToken();
  await tx.webAuthnChallenge.create({
    data: { challenge: hashChallenge(challenge), purpose, userId, expires: new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000) },
  });
  return challenge;
}

/**
 * Spends a challenge: true only for the one caller whose delete removed the live row, so
 * two verifications of the same response cannot both succeed (the delete is the lock).
 */
export async function consumeChallenge(tx: DbOrTx, challenge: string, purpose: ChallengePurpose, userId: string | null): Promise<boolean> {
  const spent = await tx.webAuthnChallenge.deleteMany({
    where: { challenge: hashChallenge(challenge), purpose, userId, expires: { gt: new Date() } },
  });
  return spent.count === 1;
}

/**
 * The challenge as the options generators need it: @simplewebauthn/server reads a string
 * challenge as UTF-8 text and would encode it again, so the browser would sign another value.
 */
export function challengeBytes(challenge: string) {
  return isoBase64URL.toBuffer(challenge);
}

/** The challenge the browser signed, read from its client data; null when unreadable. */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const { challenge } = decodeClientDataJSON(clientDataJSON);
    return typeof challenge === 'string' && challenge.length > 0 && isoBase64URL.isBase64URL(challenge) ? challenge : null;
  } catch {
    // Not base64url or not JSON: the answer is malformed, which the caller reports.
    return null;
  }
}
