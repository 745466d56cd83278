'use client';

import { useState, useTransition } from 'react';
import { browserSupportsWebAuthn, startAuthentication, type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import type { ActionResult } from '@/components/forms/use-action-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { passkeyErrorMessage } from '@/components/auth/passkey-errors';

/** Step-up with one of the person's passkeys; on success the server sends them on to `next`. */
export function ConfirmWithPasskey({
  next,
  getOptions,
  confirm,
}: {
  next: string;
  getOptions: () => Promise<PublicKeyCredentialRequestOptionsJSON>;
  confirm: (values: { response: AuthenticationResponseJSON; next: string }) => Promise<ActionResult>;
}) {
  const hydrated = useHydrated();
  const [prompting, setPrompting] = useState(false);
  const [confirming, startConfirm] = useTransition();
  const [error, setError] = useState<string | null>(null);

  async function confirmWithPasskey() {
    setError(null);
    if (!browserSupportsWebAuthn()) {
      setError('This browser does not support passkeys. Confirm another way below.');
      return;
    }
    setPrompting(true);
    let response: AuthenticationResponseJSON;
    try {
      response = await startAuthentication({ optionsJSON: await getOptions() });
    } catch (failure) {
      setError(passkeyErrorMessage(failure));
      return;
    } finally {
      setPrompting(false);
    }
    // In a transition, so the action's redirect is followed by the router rather than thrown here.
    startConfirm(async () => {
      const result = await confirm({ response, next });
      if (result && !result.ok) setError(result.formError ?? 'That passkey could not confirm it is you. Try again.');
    });
  }

  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button type="button" variant="secondary" disabled={prompting || confirming || !hydrated} onClick={confirmWithPasskey}>
        {prompting ? 'Waiting for your passkey…' : confirming ? 'Checking…' : 'Confirm with a passkey'}
      </Button>
    </div>
  );
}
