import 'server-only';
import { browserSecretCookie } from '@/lib/http/browser-secret-cookie';
import { TOKEN_TTL_SECONDS } from '@/lib/auth/verification-tokens';

// A pending account link: only the browser that came back from the provider can complete it.
const pendingLink = browserSecretCookie('pending-link', TOKEN_TTL_SECONDS.account_link);

export const setPendingLinkCookie = pendingLink.set;
export const readPendingLinkCookie = pendingLink.read;
export const clearPendingLinkCookie = pendingLink.clear;
