import { randomBytes } from 'node:crypto';

/**
 * An id chosen before the row is inserted, for rows whose own columns must name it: a ciphertext
 * bound to its row (lib/crypto/encryption.ts) is encrypted before the insert. Shaped like the
 * schema's cuid() ids (a "c" and lowercase letters and digits), because ids end up in URLs, in
 * Auth.js provider ids and in schemas that allow only those (connectionIdSchema); 128 random bits.
 */
export function newRecordId(): string {
  return `c${BigInt(`0x${randomBytes(16).toString('hex')}`).toString(36).padStart(25, '0')}`;
}
