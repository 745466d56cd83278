import { createHmac, hkdfSync } from 'node:crypto';
import { config } from '@/lib/config';

// Every key Gatehouse derives from AUTH_SECRET comes from here, one HKDF (RFC 5869) info string
// per use, so that no two uses share a key. A rotation makes AUTH_SECRET a new secret and moves
// the old one to AUTH_SECRET_PREVIOUS: the current secret's key writes, and every generation's
// key reads what it wrote. A stored value names the key that wrote it by the key's id, so the
// reader picks that key instead of trying each one (NIST SP 800-57 Pt 1 §8.2.3: old keys are
// kept for processing only, and identified).

export type DerivedKey = {
  key: Buffer;
  /** A short name for the key (8 base64url characters), safe to store: a one-way function of the key, not of the secret. */
  id: string;
  /** The same name as a positive 31-bit integer, for an integer column; never 0 or 1, which mean "no key" and "the key before ids" in the audit chain. */
  number: number;
};

const derived = new Map<string, DerivedKey>();

function deriveKey(secret: string, info: string): DerivedKey {
  const cacheKey = `${info}\u0000${secret}`;
  let found = derived.get(cacheKey);
  if (!found) {
    const key = Buffer.from(hkdfSync('sha256', secret, 'gatehouse', info, 32));
    const name = createHmac('sha256', key).update('gatehouse:key-id').digest();
    const number = name.readUInt32BE(0) & 0x7fff_ffff;
    found = { key, id: name.subarray(0, 6).toString('base64url'), number: number < 2 ? number + 2 : number };
    derived.set(cacheKey, found);
  }
  return found;
}

/** The secrets this server has: AUTH_SECRET first, then AUTH_SECRET_PREVIOUS in its order (newest first). */
export function secretGenerations(): string[] {
  const { secret, previousSecrets } = config();
  return [secret, ...previousSecrets];
}

/** The key for one use, derived from the current AUTH_SECRET: the one that writes. */
export function currentKey(info: string): DerivedKey {
  return deriveKey(config().secret, info);
}

/** The key for one use from every generation, current first: the ones that may read. */
export function everyKey(info: string): DerivedKey[] {
  const keys = secretGenerations().map((secret) => deriveKey(secret, info));
  // Two generations under one name would make "which key wrote this" ambiguous (2^-31 by chance).
  if (new Set(keys.map((k) => k.number)).size !== keys.length) {
    throw new Error('Two of AUTH_SECRET and AUTH_SECRET_PREVIOUS derive keys with the same id: replace AUTH_SECRET with a new random secret.');
  }
  return keys;
}

/** The key of a use whose id a stored value names, if this server has the secret it came from. */
export function keyWithId(info: string, id: string | number): DerivedKey | undefined {
  return everyKey(info).find((k) => (typeof id === 'number' ? k.number === id : k.id === id));
}
