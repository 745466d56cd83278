import 'server-only';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { config } from '@/lib/config';
import type { DbOrTx } from '@/lib/db/client';
import { decryptSecret, encryptSecret, needsReencryption } from '@/lib/crypto/encryption';

// RFC 6238 with the parameters every authenticator app supports (SHA-1, 6 digits,
// 30 seconds); apps silently ignore other values, so these are not configurable.
const PERIOD_SECONDS = 30;
const DIGITS = 6;
// One step either side absorbs clock drift and the time it takes to type the code (RFC 6238 §5.2).
const WINDOW_STEPS = 1;
/** The associated-data purpose of a stored TOTP secret; its owner is the factor's user id. */
export const TOTP_SECRET_PURPOSE = 'mfa_factor:totp';

function totpFor(secretBase32: string, accountName = 'account') {
  return new TOTP({
    issuer: config().brand.name,
    label: accountName,
    secret: Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
  });
}

type StoredTotp = { userId: string; secretEncrypted: string };

/**
 * A new shared secret (160 bits, RFC 4226 §4), ready to store: it is never written in clear,
 * and is bound to its person, so copied onto someone else's factor it does not decrypt.
 */
export function newEncryptedTotpSecret(userId: string): string {
  return encryptSecret(new Secret({ size: 20 }).base32, TOTP_SECRET_PURPOSE, userId);
}

function readTotpSecret(factor: StoredTotp): string {
  return decryptSecret(factor.secretEncrypted, TOTP_SECRET_PURPOSE, factor.userId);
}

/** What the account page shows to add the factor to an app: a QR code and the same key to type in. */
export async function describeTotpForApp(factor: StoredTotp, accountName: string) {
  const base32 = readTotpSecret(factor);
  const otpauthUri = totpFor(base32, accountName).toString();
  return {
    otpauthUri,
    qrCodeDataUrl: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 208 }),
    // Groups of four are how apps and people read a 32-character key.
    manualKey: base32.replace(/(.{4})/g, '$1 ').trim(),
  };
}

export type TotpCheck = 'accepted' | 'wrong' | 'replayed';

/**
 * Checks a code against a factor and, when it matches, claims its time step. The
 * claim is one conditional UPDATE ("lastUsedStep < step"), so a code that was
 * already accepted (or an older one) is refused even when two requests race
 * (RFC 6238 §5.2: a verifier must not accept the same OTP twice).
 */
export async function checkTotpCode(
  tx: DbOrTx,
  factor: { id: string } & StoredTotp,
  code: string,
  now = Date.now(),
): Promise<TotpCheck> {
  const base32 = readTotpSecret(factor);
  const totp = totpFor(base32);
  const delta = totp.validate({ token: code, timestamp: now, window: WINDOW_STEPS });
  if (delta === null) return 'wrong';
  const step = totp.counter({ timestamp: now }) + delta;
  const claimed = await tx.mfaFactor.updateMany({
    where: { id: factor.id, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    // A secret written before secrets were bound to their person, or under a previous AUTH_SECRET, is rewritten now.
    data: { lastUsedStep: step, ...(needsReencryption(factor.secretEncrypted) ? { secretEncrypted: encryptSecret(base32, TOTP_SECRET_PURPOSE, factor.userId) } : {}) },
  });
  return claimed.count === 1 ? 'accepted' : 'replayed';
}

/** The user's active authenticator app, if two-step verification is on. */
export function findConfirmedTotp(tx: DbOrTx, userId: string) {
  return tx.mfaFactor.findFirst({ where: { userId, type: 'totp', confirmedAt: { not: null } }, orderBy: { confirmedAt: 'desc' } });
}
