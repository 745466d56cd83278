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

let lastMillis = 0;
let sameMillis = 0;

/**
 * A record id (same shape as newRecordId) that sorts by when it was made: the time in milliseconds,
 * then a counter for ids this process makes within one millisecond, then 56 random bits. For rows
 * whose order matters before anything else orders them: audit events are sealed in (time, id)
 * order (lib/audit/sealer.ts), so one process's events keep the order it wrote them in.
 */
export function newTimeOrderedRecordId(now = Date.now()): string {
  sameMillis = now === lastMillis ? sameMillis + 1 : 0;
  lastMillis = now;
  const time = now.toString(36).padStart(9, '0');
  const counter = (sameMillis % 36 ** 4).toString(36).padStart(4, '0');
  const random = BigInt(`0x${randomBytes(7).toString('hex')}`).toString(36).padStart(11, '0');
  return `c${time}${counter}${random}`;
}
