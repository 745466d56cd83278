'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { browserSupportsWebAuthn, startRegistration, type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON } from '@simplewebauthn/browser';
import type { ActionResult } from '@/components/forms/use-action-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { passkeyErrorMessage } from '@/components/auth/passkey-errors';

type OptionsResult = { ok: true; options: PublicKeyCredentialCreationOptionsJSON } | Extract<ActionResult, { ok: false }>;

/** Runs the browser's passkey creation: options from the server, the device's prompt, then the server's check. */
export function AddPasskeyButton({
  getOptions,
  register,
}: {
  getOptions: () => Promise<OptionsResult>;
  register: (response: RegistrationResponseJSON) => Promise<ActionResult>;
}) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);

  async function addPasskey() {
    setStatus(null);
    if (!browserSupportsWebAuthn()) {
      setStatus({ tone: 'error', text: 'This browser cannot create passkeys. Try an up-to-date browser, or your phone.' });
      return;
    }
    setPending(true);
    try {
      const started = await getOptions();
      if (!started.ok) {
        if (started.stepUp) router.push(started.stepUp);
        else setStatus({ tone: 'error', text: started.formError ?? 'We could not start adding a passkey. Try again.' });
        return;
      }
      let response: RegistrationResponseJSON;
      try {
        response = await startRegistration({ optionsJSON: started.options });
      } catch (error) {
        setStatus({ tone: 'error', text: passkeyErrorMessage(error) });
        return;
      }
      const result = await register(response);
      if (result.ok) setStatus({ tone: 'success', text: result.message ?? 'Passkey added.' });
      else if (result.stepUp) router.push(result.stepUp);
      else setStatus({ tone: 'error', text: result.formError ?? 'We could not add that passkey. Try again.' });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-3">
      {status ? <Alert tone={status.tone}>{status.text}</Alert> : null}
      <Button type="button" className="sm:w-auto" disabled={pending || !hydrated} onClick={addPasskey}>
        {pending ? 'Waiting for your device…' : 'Add a passkey'}
      </Button>
    </div>
  );
}
