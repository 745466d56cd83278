import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { currentKey, everyKey, keyWithId, type DerivedKey } from './keyring';

// Secrets Gatehouse must read back (TOTP shared secrets, signing keys, webhook and connection
// secrets, provider tokens, pending links) are stored with AES-256-GCM as
//   v1.<key id>/bound:<iv>.<ciphertext>.<tag>
// "v1" is the scheme (the key is HKDF(AUTH_SECRET) for this use), the key id names the AUTH_SECRET
// generation that wrote it (lib/crypto/keyring.ts), so after a rotation each value is read with
// its own key, and "/bound" says the associated data names the owner (the row it belongs to) as
// well as the purpose. Two older forms are still read: "v1:" (purpose only) and "v1/bound:",
// both written before key ids; they name no key, so every configured key is tried (GCM's tag
// tells the right one), and `npm run secrets:reencrypt` rewrites them.

const SCHEME = 'v1';
const KEY_INFO = 'gatehouse:encryption:v1';
const IV_BYTES = 12; // NIST SP 800-38D: 96-bit IVs for GCM
const TAG_BYTES = 16;
const BOUND = '/bound';

type Header = { keyId: string | null; bound: boolean };

function parseHeader(stored: string): { header: Header; body: string } {
  const [head, body] = splitOnce(stored, ':');
  const bound = head.endsWith(BOUND);
  const [scheme, keyId, extra] = (bound ? head.slice(0, -BOUND.length) : head).split('.');
  if (scheme !== SCHEME || extra !== undefined) throw new Error(`Unknown encryption scheme: ${head}`);
  return { header: { keyId: keyId ?? null, bound }, body };
}

/** The associated data: the purpose, and for a bound ciphertext its owner too (unambiguous, whatever either contains). */
function associatedData(purpose: string, owner: string | undefined) {
  return Buffer.from(owner === undefined ? purpose : JSON.stringify([purpose, owner]));
}

/**
 * Encrypts a secret under the current key. `purpose` and `owner` (the row it belongs to) are
 * bound as associated data, so a ciphertext copied into another column, or onto another row,
 * fails to decrypt there instead of being misused (ASVS 5.0 V11.3.3; NIST SP 800-38D §5.2.1.2).
 */
export function encryptSecret(plaintext: string, purpose: string, owner: string): string {
  const { key, id } = currentKey(KEY_INFO);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(purpose, owner));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url'));
  return `${SCHEME}.${id}${BOUND}:${parts.join('.')}`;
}

/** The keys that may have written a ciphertext: the one it names, or for the older forms, every one. */
function candidateKeys(header: Header): DerivedKey[] {
  if (header.keyId === null) return everyKey(KEY_INFO);
  const key = keyWithId(KEY_INFO, header.keyId);
  if (!key) {
    throw new Error(`This value was encrypted under key ${header.keyId}, derived from an AUTH_SECRET this server is not given: if AUTH_SECRET was changed, list the old secret in AUTH_SECRET_PREVIOUS.`);
  }
  return [key];
}

/**
 * Decrypts what encryptSecret wrote; throws if it was tampered with, the purpose differs, it is
 * bound to another owner, or its key is not configured. An unbound ciphertext (written before
 * owners were bound) still decrypts for any owner: it is rewritten bound when next saved.
 */
export function decryptSecret(stored: string, purpose: string, owner: string): string {
  const { header, body } = parseHeader(stored);
  const [iv, data, tag] = body.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !data || !tag || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('Malformed ciphertext');
  const aad = associatedData(purpose, header.bound ? owner : undefined);
  let failure: unknown;
  for (const { key } of candidateKeys(header)) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

/** Whether a stored ciphertext should be rewritten: not bound to its owner, or not under the current key. */
export function needsReencryption(stored: string): boolean {
  const { header } = parseHeader(stored);
  return !header.bound || header.keyId !== currentKey(KEY_INFO).id;
}

/** The ciphertext rewritten bound and under the current key, or null when it already is. Throws where decryptSecret would. */
export function reencryptIfStale(stored: string, purpose: string, owner: string): string | null {
  return needsReencryption(stored) ? encryptSecret(decryptSecret(stored, purpose, owner), purpose, owner) : null;
}

function splitOnce(value: string, separator: string): [string, string] {
  const at = value.indexOf(separator);
  if (at < 0) throw new Error('Malformed ciphertext');
  return [value.slice(0, at), value.slice(at + 1)];
}
