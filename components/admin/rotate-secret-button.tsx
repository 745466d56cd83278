'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import type { ActionResult } from '@/components/forms/use-action-form';
import { SigningSecret } from './signing-secret';

/** Replaces a secret (a webhook endpoint's, an app's) and shows the new one, once. */
export function RotateSecretButton({
  action,
  secretLabel,
  secretHint,
}: {
  action: () => Promise<ActionResult & { secret?: string }>;
  secretLabel?: string;
  secretHint?: string;
}) {
  const [pending, startTransition] = useTransition();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();
  return (
    <div className="space-y-3">
      {secret ? <SigningSecret secret={secret} label={secretLabel} hint={secretHint} /> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        className="sm:w-auto"
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await action();
            if (!result.ok && result.stepUp) return router.push(result.stepUp);
            if (!result.ok) return setError(result.formError ?? 'That did not work. Try again.');
            setSecret(result.secret ?? null);
          })
        }
      >
        {pending ? 'Rotating…' : 'Rotate secret'}
      </Button>
    </div>
  );
}
