import 'server-only';
import { config } from '@/lib/config';

/**
 * Who passkeys are made for. The RP ID is APP_URL's host (no port), and responses must
 * come from APP_URL's origin: a passkey made here cannot be used on any other site.
 */
export function relyingParty() {
  const { appUrl, brand } = config();
  const url = new URL(appUrl);
  return { id: url.hostname, origin: url.origin, name: brand.name };
}
