import 'server-only';
import { browserSecretCookie } from '@/lib/http/browser-secret-cookie';
import { TOKEN_TTL_SECONDS } from '../verification-tokens';

// The pending second-factor challenge of a sign-in, kept only in the browser that began it.
const challenge = browserSecretCookie('two-step', TOKEN_TTL_SECONDS.mfa_challenge);

export const setChallengeCookie = challenge.set;
export const readChallengeCookie = challenge.read;
export const clearChallengeCookie = challenge.clear;
