import 'server-only';
import { UAParser } from 'ua-parser-js';
import { PASSKEY_NAME_MAX_LENGTH } from '@/lib/validation/passkeys';

/**
 * A first name for a new passkey, so the list is readable before anyone renames it:
 * where it was made ("Chrome on macOS"), or "another device" when a phone was used
 * through the browser's QR code (the hybrid transport).
 */
export function defaultPasskeyName(userAgent: string | null, transports: string[] = []): string {
  if (transports.includes('hybrid')) return 'Passkey on another device';
  const { browser, os } = new UAParser(userAgent ?? '').getResult();
  const name = browser.name && os.name ? `${browser.name} on ${os.name}` : browser.name || os.name || 'Passkey';
  return name.slice(0, PASSKEY_NAME_MAX_LENGTH);
}
