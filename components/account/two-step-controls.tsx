'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useHydrated } from '@/components/forms/use-hydrated';
import type { ActionResult } from '@/components/forms/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useShowRecoveryCodes } from './fresh-recovery-codes';
import type { CodesResult } from './two-step-setup';

/** Runs a one-button action; a too-old session is sent to confirm identity first. */
function useButtonAction<R extends { ok: boolean }>(action: () => Promise<R>, onOk: (result: R) => void) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const run = () =>
    startTransition(async () => {
      setError(null);
      const result = (await action()) as R & { stepUp?: string; formError?: string };
      if (!result) return;
      if (result.ok) return onOk(result);
      if (result.stepUp) return router.push(result.stepUp);
      setError(result.formError ?? 'Something went wrong. Try again.');
    });
  return { run, pending, error, ready: useHydrated() };
}

export function RegenerateRecoveryCodes({ action }: { action: () => Promise<CodesResult> }) {
  const showCodes = useShowRecoveryCodes();
  const { run, pending, error, ready } = useButtonAction(action, (result) => result.ok && showCodes(result.recoveryCodes));
  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button type="button" variant="secondary" className="sm:w-auto" disabled={pending || !ready} onClick={run}>
        {pending ? 'Generating…' : 'Generate new recovery codes'}
      </Button>
    </div>
  );
}

/** Turning the second step off asks once more, since it weakens the account. */
export function TurnOffTwoStep({ action }: { action: () => Promise<ActionResult> }) {
  const [confirming, setConfirming] = useState(false);
  const { run, pending, error, ready } = useButtonAction(action, () => undefined);
  if (!confirming) {
    return (
      <Button type="button" variant="secondary" className="sm:w-auto" disabled={!ready} onClick={() => setConfirming(true)}>
        Turn off two-step verification
      </Button>
    );
  }
  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Alert tone="warning">Without it, anyone who learns your password can sign in. Your authenticator app and recovery codes will stop working.</Alert>
      <div className="flex flex-wrap gap-3">
        <Button type="button" variant="danger" className="sm:w-auto" disabled={pending} onClick={run}>
          {pending ? 'Turning off…' : 'Yes, turn off two-step verification'}
        </Button>
        <Button type="button" variant="secondary" className="sm:w-auto" disabled={pending} onClick={() => setConfirming(false)}>
          Keep it on
        </Button>
      </div>
    </div>
  );
}
