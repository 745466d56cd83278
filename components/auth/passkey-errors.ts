import { WebAuthnError } from '@simplewebauthn/browser';

/** True when our own code cancelled the ceremony (a new one started, or the page moved on). */
export function isCeremonyAborted(error: unknown) {
  return (error instanceof WebAuthnError && error.code === 'ERROR_CEREMONY_ABORTED') || (error instanceof Error && error.name === 'AbortError');
}

/** What to tell a person when the browser's passkey prompt ends without a passkey. */
export function passkeyErrorMessage(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
    return 'This device already has a passkey for your account.';
  }
  if (name === 'NotAllowedError') return 'The passkey prompt was closed or timed out. Try again when you are ready.';
  if (name === 'InvalidStateError') return 'This device already has a passkey for your account.';
  if (name === 'NotSupportedError' || (error instanceof Error && /not supported/i.test(error.message))) {
    return 'This browser or device does not support passkeys. Use another way to sign in.';
  }
  return 'Your browser could not complete the passkey request. Try again, or use another way.';
}
