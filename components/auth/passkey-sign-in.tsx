'use client';

import { useEffect, useEffectEvent, useRef, useState, useTransition } from 'react';
import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  WebAuthnAbortService,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type { ActionResult } from '@/components/forms/use-action-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { isCeremonyAborted, passkeyErrorMessage } from './passkey-errors';

type Props = {
  next?: string;
  getOptions: () => Promise<{ ok: true; options: PublicKeyCredentialRequestOptionsJSON } | { ok: false; message: string }>;
  signIn: (values: { response: AuthenticationResponseJSON; next?: string }) => Promise<ActionResult>;
};

/**
 * Passkey sign-in two ways: the browser's autofill on the email field (conditional
 * mediation, started as the page loads), and a button for a username-less prompt. The
 * button cancels the waiting autofill request first: a page can run only one at a time.
 */
export function PasskeySignIn({ next, getOptions, signIn }: Props) {
  const hydrated = useHydrated();
  const [prompting, setPrompting] = useState(false);
  const [signingIn, startSignIn] = useTransition();
  const [error, setError] = useState<string | null>(null);
  // Set once the button is used: from then on the autofill request must not start, or it would cancel the button's prompt.
  const buttonUsed = useRef(false);

  // In a transition, so the action's redirect is followed by the router rather than thrown here.
  function finish(response: AuthenticationResponseJSON) {
    startSignIn(async () => {
      const result = await signIn({ response, next });
      // Success redirects; only a refusal comes back.
      if (result && !result.ok) setError(result.formError ?? 'That passkey could not be used. Try again, or sign in another way.');
    });
  }
  const finishFromAutofill = useEffectEvent(finish);

  useEffect(() => {
    let active = true;
    async function offerAutofill() {
      if (!(await browserSupportsWebAuthnAutofill())) return;
      const challenge = await getOptions();
      // Refused (rate limit): autofill is only an offer; the button says why if it is used.
      if (!challenge.ok || !active || buttonUsed.current) return;
      const response = await startAuthentication({ optionsJSON: challenge.options, useBrowserAutofill: true });
      finishFromAutofill(response);
    }
    offerAutofill().catch((failure) => {
      // Autofill is an offer, not a prompt: when it is cancelled or fails, the form and the button still work.
      if (!isCeremonyAborted(failure)) console.warn('Passkey autofill is unavailable:', failure);
    });
    return () => {
      active = false;
      WebAuthnAbortService.cancelCeremony();
    };
  }, [getOptions]);

  async function signInWithButton() {
    setError(null);
    if (!browserSupportsWebAuthn()) {
      setError('This browser does not support passkeys. Sign in another way.');
      return;
    }
    buttonUsed.current = true;
    WebAuthnAbortService.cancelCeremony();
    setPrompting(true);
    try {
      const challenge = await getOptions();
      if (!challenge.ok) {
        setError(challenge.message);
        return;
      }
      finish(await startAuthentication({ optionsJSON: challenge.options }));
    } catch (failure) {
      setError(passkeyErrorMessage(failure));
    } finally {
      setPrompting(false);
    }
  }

  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button type="button" variant="secondary" disabled={prompting || signingIn || !hydrated} onClick={signInWithButton}>
        {prompting ? 'Waiting for your passkey…' : signingIn ? 'Signing in…' : 'Sign in with a passkey'}
      </Button>
    </div>
  );
}
