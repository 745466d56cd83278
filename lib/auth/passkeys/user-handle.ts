import 'server-only';
import { isoBase64URL, isoUint8Array } from '@simplewebauthn/server/helpers';

/**
 * The WebAuthn user handle is our user id's bytes: opaque, under the 64-byte limit and
 * free of personal data (WebAuthn §14.6.1 says it must not contain an email or name).
 */
export function webAuthnUserId(userId: string) {
  return isoUint8Array.fromUTF8String(userId);
}

/** The user id a discoverable credential names, from the base64url handle the browser returns. */
export function userIdFromHandle(userHandle: string | undefined): string | null {
  if (!userHandle) return null;
  try {
    return isoUint8Array.toUTF8String(isoBase64URL.toBuffer(userHandle));
  } catch {
    // An unreadable handle names nobody; the handle is not signed, so the signature check decides anyway.
    return null;
  }
}
