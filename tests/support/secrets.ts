import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { config } from '@/lib/config';

/**
 * A ciphertext in the forms written before key ids (and, unbound, before owners): "v1:" with only
 * the purpose as associated data, or "v1/bound:" with [purpose, owner], both under HKDF(secret).
 * Made here byte for byte as lib/crypto/encryption.ts made them then, so the tests read what real
 * databases hold, not what today's code would write.
 */
export function legacyCiphertext(plaintext: string, purpose: string, options: { owner?: string; secret?: string } = {}) {
  const key = Buffer.from(hkdfSync('sha256', options.secret ?? config().secret, 'gatehouse', 'gatehouse:encryption:v1', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(options.owner === undefined ? purpose : JSON.stringify([purpose, options.owner])));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url'));
  return `v1${options.owner === undefined ? '' : '/bound'}:${parts.join('.')}`;
}

/** The key id a ciphertext names ("v1.<id>/bound:…"), or null for the older forms. */
export function keyIdOf(ciphertext: string) {
  return /^v1\.([\w-]+)\//.exec(ciphertext)?.[1] ?? null;
}

/**
 * Runs `fn` as a server configured with AUTH_SECRET=`current` and AUTH_SECRET_PREVIOUS=`previous`
 * would: every module reads the secrets from config() when it uses them. Put back afterwards.
 */
export async function withSecrets<T>(secrets: { current: string; previous?: string[] }, fn: () => Promise<T>): Promise<T> {
  const settings = config();
  const saved = { secret: settings.secret, previousSecrets: settings.previousSecrets };
  Object.assign(settings, { secret: secrets.current, previousSecrets: secrets.previous ?? [] });
  try {
    return await fn();
  } finally {
    Object.assign(settings, saved);
  }
}
