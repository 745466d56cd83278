import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { config } from '@/lib/config';

// Secrets Gatehouse must read back (TOTP shared secrets) are stored with AES-256-GCM.
// Each ciphertext starts with its key version ("v1:"), so a new key (or a key from a
// KMS) can be added as "v2" and old rows decrypted with the key that wrote them.
// "v1/bound:" marks a ciphertext whose associated data also names its owner (the row or
// person it belongs to); plain "v1:" ones, written before, are read as they were.

const CURRENT_VERSION = 'v1';
const IV_BYTES = 12; // NIST SP 800-38D: 96-bit IVs for GCM
const TAG_BYTES = 16;
const BOUND = '/bound';

const keys = new Map<string, Buffer>();

/** The key for a version; v1 is derived from AUTH_SECRET with HKDF so it differs from the token-hashing key. */
function keyFor(version: string): Buffer {
  if (version !== 'v1') throw new Error(`Unknown encryption key version: ${version}`);
  let key = keys.get(version);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', config().secret, 'gatehouse', 'gatehouse:encryption:v1', 32));
    keys.set(version, key);
  }
  return key;
}

/** The associated data: the purpose, and for a bound ciphertext its owner too (unambiguous, whatever either contains). */
function associatedData(purpose: string, owner: string | undefined) {
  return Buffer.from(owner === undefined ? purpose : JSON.stringify([purpose, owner]));
}

/**
 * Encrypts a secret. `purpose` is bound as associated data, so a ciphertext copied
 * from one column or purpose into another fails to decrypt instead of being misused;
 * `owner` (the row or person it belongs to) binds it to its row too, so one copied onto
 * another person's row fails as well (ASVS 11.3.4 / NIST SP 800-38D §5.2.1.2, AAD).
 */
export function encryptSecret(plaintext: string, purpose: string, owner?: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(CURRENT_VERSION), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(purpose, owner));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url'));
  return `${CURRENT_VERSION}${owner === undefined ? '' : BOUND}:${parts.join('.')}`;
}

/**
 * Decrypts what encryptSecret wrote; throws if it was tampered with, the purpose differs,
 * or it is bound to another owner. An unbound ciphertext (written before owners were
 * bound) still decrypts: callers rewrite it bound when they next save it (isBoundToOwner).
 */
export function decryptSecret(stored: string, purpose: string, owner?: string): string {
  const [header, rest] = splitOnce(stored, ':');
  const bound = header.endsWith(BOUND);
  if (bound && owner === undefined) throw new Error('This ciphertext is bound to an owner');
  const version = bound ? header.slice(0, -BOUND.length) : header;
  const [iv, body, tag] = rest.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !body || !tag || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('Malformed ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(version), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(purpose, bound ? owner : undefined));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/** Whether a stored ciphertext already names its owner; one that does not is rewritten when next saved. */
export function isBoundToOwner(stored: string): boolean {
  return splitOnce(stored, ':')[0].endsWith(BOUND);
}

function splitOnce(value: string, separator: string): [string, string] {
  const at = value.indexOf(separator);
  if (at < 0) throw new Error('Malformed ciphertext');
  return [value.slice(0, at), value.slice(at + 1)];
}
