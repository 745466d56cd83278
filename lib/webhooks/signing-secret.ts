import 'server-only';
import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret } from '@/lib/crypto/encryption';

// Standard Webhooks signs with HMAC-SHA256 under a shared secret written "whsec_" + base64
// (the spec asks for 24 to 64 random bytes). Gatehouse must read it back to sign, so it is
// stored encrypted rather than hashed; the administrator sees it once, when it is made.

/** The associated-data purpose of a stored signing secret; its owner is the endpoint's id. */
export const WEBHOOK_SECRET_PURPOSE = 'webhook-endpoint-secret';

/** A new secret for one endpoint, encrypted bound to it: copied onto another endpoint, it does not decrypt. */
export function newSigningSecret(endpointId: string): { secret: string; secretEncrypted: string } {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  return { secret, secretEncrypted: encryptSecret(secret, WEBHOOK_SECRET_PURPOSE, endpointId) };
}

export function signingSecretOf(endpoint: { id: string; secretEncrypted: string }): string {
  return decryptSecret(endpoint.secretEncrypted, WEBHOOK_SECRET_PURPOSE, endpoint.id);
}
