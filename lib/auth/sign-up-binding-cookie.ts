import 'server-only';
import { browserSecretCookie } from '@/lib/http/browser-secret-cookie';
import { TOKEN_TTL_SECONDS } from './verification-tokens';

/**
 * The browser a sign-up happened in keeps a secret whose keyed hash names the new account. A
 * mailbox proof from this browser shows that whoever chose the sign-up's password also reads the
 * mailbox, so the account is confirmed as it is (lib/auth/unproven-account.ts).
 */
const signUpBinding = browserSecretCookie('sign-up', TOKEN_TTL_SECONDS.sign_up_binding);

export const setSignUpBindingCookie = signUpBinding.set;
export const readSignUpBindingCookie = signUpBinding.read;
