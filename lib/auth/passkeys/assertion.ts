import 'server-only';
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Tx } from '@/lib/db/client';
import { authenticationResponseSchema } from '@/lib/validation/passkeys';
import { challengeOf, consumeChallenge } from './challenges';
import { relyingParty } from './relying-party';
import { userIdFromHandle } from './user-handle';

/** Why an assertion was refused; recorded as the audit event's reason. */
export type AssertionFailure =
  | 'passkey_malformed'
  | 'passkey_challenge_invalid'
  | 'passkey_unknown_credential'
  | 'passkey_user_mismatch'
  | 'passkey_signature_invalid'
  | 'passkey_user_not_verified'
  | 'passkey_counter_regressed';

export type AssertionResult = { ok: true; userId: string; passkeyId: string } | { ok: false; reason: AssertionFailure; userId: string | null };

/** The browser's answer, shape-checked, with the challenge it signed; null when malformed. */
export function readAssertion(raw: unknown): { response: AuthenticationResponseJSON; challenge: string } | null {
  const parsed = authenticationResponseSchema.safeParse(raw);
  if (!parsed.success) return null;
  const challenge = challengeOf(parsed.data.response.clientDataJSON);
  return challenge ? { response: parsed.data as AuthenticationResponseJSON, challenge } : null;
}

/** The UV bit of the authenticator data's flags byte (WebAuthn §6.1: rpIdHash is 32 bytes, then flags). */
function userVerifiedFlag(response: AuthenticationResponseJSON) {
  const flags = Buffer.from(response.response.authenticatorData, 'base64url')[32] ?? 0;
  return (flags & 0x04) !== 0;
}

/**
 * Verifies one passkey assertion inside the caller's transaction: spends the challenge
 * (bound to `userId`, or to nobody for sign-in), checks the signature, origin and RP ID,
 * and moves the signature counter forward. The caller commits even on failure, so a
 * refused answer still uses up its challenge.
 */
export async function verifyAssertion(
  tx: Tx,
  assertion: { response: AuthenticationResponseJSON; challenge: string },
  userId: string | null,
): Promise<AssertionResult> {
  const { response, challenge } = assertion;
  if (!(await consumeChallenge(tx, challenge, 'authentication', userId))) return { ok: false, reason: 'passkey_challenge_invalid', userId };
  const passkey = await tx.passkey.findUnique({ where: { credentialId: response.id } });
  if (!passkey) return { ok: false, reason: 'passkey_unknown_credential', userId };
  // A step-up must be done with one's own passkey; a discoverable credential must name its owner.
  const handleOwner = userIdFromHandle(response.response.userHandle);
  if ((userId && passkey.userId !== userId) || (handleOwner && handleOwner !== passkey.userId)) {
    return { ok: false, reason: 'passkey_user_mismatch', userId: passkey.userId };
  }

  const rp = relyingParty();
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // The counter is compared below, after the signature: only a genuinely signed
      // assertion with a stale counter points to a cloned authenticator (WebAuthn §6.1.1).
      credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: 0 },
      // A passkey sign-in skips the second step (sign-in-pipeline.ts), so it must be two factors
      // by itself: without the UV flag it is only possession, and is refused (ASVS 5.0 V6.5).
      requireUserVerification: true,
    });
  } catch {
    // The library throws for every bad answer (wrong origin, RP ID, challenge, flags): all are "not verified".
    // A missing UV flag gets its own reason, so the audit log and the person see why.
    return { ok: false, reason: userVerifiedFlag(response) ? 'passkey_signature_invalid' : 'passkey_user_not_verified', userId: passkey.userId };
  }
  if (!verified.verified) return { ok: false, reason: 'passkey_signature_invalid', userId: passkey.userId };

  const { newCounter, credentialBackedUp, credentialDeviceType } = verified.authenticationInfo;
  // Synced passkeys always report 0; any authenticator that counts must count up.
  if ((newCounter > 0 || passkey.counter > 0) && newCounter <= passkey.counter) {
    return { ok: false, reason: 'passkey_counter_regressed', userId: passkey.userId };
  }
  // Conditional on the counter read above, so two assertions carrying the same counter cannot both pass.
  const moved = await tx.passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: newCounter, lastUsedAt: new Date(), backedUp: credentialBackedUp, deviceType: credentialDeviceType },
  });
  if (moved.count !== 1) return { ok: false, reason: 'passkey_counter_regressed', userId: passkey.userId };
  return { ok: true, userId: passkey.userId, passkeyId: passkey.id };
}
