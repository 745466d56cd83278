import 'server-only';
import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret } from '@/lib/crypto/encryption';

// Standard Webhooks signs with HMAC-SHA256 under a shared secret written "whsec_" + base64
// (the spec asks for 24 to 64 random bytes). Gatehouse must read it back to sign, so it is
// stored encrypted rather than hashed; the administrator sees it once, when it is made.
const PURPOSE = 'webhook-endpoint-secret';

export function newSigningSecret(): { secret: string; secretEncrypted: string } {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  return { secret, secretEncrypted: encryptSecret(secret, PURPOSE) };
}

export function signingSecretOf(endpoint: { secretEncrypted: string }): string {
  return decryptSecret(endpoint.secretEncrypted, PURPOSE);
}
