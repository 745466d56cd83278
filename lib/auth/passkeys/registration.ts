import 'server-only';
import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { db } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { registrationResponseSchema } from '@/lib/validation/passkeys';
import { challengeBytes, challengeOf, consumeChallenge, issueChallenge } from './challenges';
import { defaultPasskeyName } from './names';
import { relyingParty } from './relying-party';
import { storedTransports, transportList } from './transports';
import { webAuthnUserId } from './user-handle';
import type { UserActor } from '@/lib/audit/actor';

/** Options for navigator.credentials.create(), with a fresh challenge bound to this user. */
export async function passkeyRegistrationOptions(userId: string) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true, passkeys: { select: { credentialId: true, transports: true } } } });
    const challenge = await issueChallenge(tx, 'registration', user.id);
    const rp = relyingParty();
    return generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName: user.email,
      userDisplayName: user.name ?? user.email,
      userID: webAuthnUserId(user.id),
      challenge: challengeBytes(challenge),
      attestationType: 'none',
      // Discoverable credentials are what make sign-in without typing an email possible. User
      // verification (biometric or PIN) is required: a passkey counts as two factors, possession
      // plus something the person is or knows, only when the authenticator verified them
      // (ASVS 5.0 V6.5, NIST SP 800-63B-4 §3.1.7).
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
      // The browser refuses to make a second passkey on an authenticator that already has one here.
      excludeCredentials: user.passkeys.map((p) => ({ id: p.credentialId, transports: transportList(p.transports) })),
    });
  });
}

export type RegisterPasskeyResult =
  | { ok: true; passkey: { id: string; name: string } }
  | { ok: false; error: 'invalid' | 'expired' | 'already_registered'; message: string };

const FAILED = 'We could not add that passkey. Try again.';

/**
 * Checks the browser's answer to the registration ceremony and stores the passkey. The
 * challenge is spent whether or not the answer is good, in the same transaction that
 * stores the passkey and its audit event.
 */
export async function registerPasskey(actor: UserActor, answer: unknown): Promise<RegisterPasskeyResult> {
  const parsed = registrationResponseSchema.safeParse(answer);
  if (!parsed.success) return { ok: false, error: 'invalid', message: FAILED };
  const response = parsed.data as RegistrationResponseJSON;
  const challenge = challengeOf(response.response.clientDataJSON);
  if (!challenge) return { ok: false, error: 'invalid', message: FAILED };
  const rp = relyingParty();

  return db.$transaction(async (tx) => {
    if (!(await consumeChallenge(tx, challenge, 'registration', actor.id))) {
      return { ok: false, error: 'expired', message: 'Adding the passkey took too long. Try again.' };
    }
    let verification;
    try {
      verification = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: true });
    } catch {
      // The library throws for every bad answer (wrong origin, RP ID, challenge, format): all are "not verified".
      verification = { verified: false as const };
    }
    if (!verification.verified) return { ok: false, error: 'invalid', message: FAILED };
    const info = verification.registrationInfo;
    const existing = await tx.passkey.findUnique({ where: { credentialId: info.credential.id }, select: { id: true } });
    if (existing) return { ok: false, error: 'already_registered', message: 'That passkey is already registered.' };
    const transports = info.credential.transports ?? [];
    const passkey = await tx.passkey.create({
      data: {
        userId: actor.id,
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey),
        counter: info.credential.counter,
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        transports: storedTransports(transports),
        aaguid: info.aaguid,
        name: defaultPasskeyName(actor.context.userAgent, transports),
      },
      select: { id: true, name: true },
    });
    await recordUserEvent(tx, 'user.passkey_added', {
      userId: actor.id,
      sessionId: actor.sessionId,
      metadata: { passkeyId: passkey.id, synced: info.credentialBackedUp },
      personal: { name: passkey.name },
      context: actor.context,
    });
    return { ok: true, passkey };
  });
}
