import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { config } from '@/lib/config';
import { secretGenerations } from './keyring';

// Every secret Gatehouse hands out is made here, so their strength is decided once.

/** A URL-safe random token of 256 bits. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A numeric one-time code, uniformly distributed. */
export function generateNumericCode(digits = 6): string {
  return randomInt(0, 10 ** digits).toString().padStart(digits, '0');
}

// No 0/o, 1/i/l: recovery codes are read off paper and typed by hand.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time recovery code like "k7m2q-x9dfa": 10 characters, about 50 bits. */
export function generateRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < 10; i += 1) code += RECOVERY_ALPHABET[randomInt(0, RECOVERY_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * Keyed hash for storing tokens and codes. Keyed (not a bare SHA-256) so that a
 * leaked table of 6-digit code hashes cannot be reversed by trying all million codes.
 */
export function hashToken(token: string, purpose = 'token'): string {
  return hashUnder(config().secret, token, purpose);
}

/**
 * The token's hash under every configured AUTH_SECRET, current first, for the few long-lived
 * secrets that must outlive a rotation because only their holder could replace them: recovery
 * codes and OpenID client secrets. Sessions, emailed links and codes, passkey challenges and the
 * OpenID Provider's tokens are looked up under the current secret only, so a rotation ends them
 * (people sign in again; apps ask again), which is also what a rotation after a leak should do.
 * A hash cannot be rewritten without the token, so these keep needing AUTH_SECRET_PREVIOUS until
 * they are replaced (new recovery codes, a rotated client secret).
 */
export function hashTokenUnderEveryKey(token: string, purpose = 'token'): string[] {
  return secretGenerations().map((secret) => hashUnder(secret, token, purpose));
}

function hashUnder(secret: string, token: string, purpose: string) {
  return createHmac('sha256', secret).update(`${purpose}:${token}`).digest('base64url');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
