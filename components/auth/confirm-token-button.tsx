'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import type { ActionResult } from '@/components/forms/use-action-form';
import { useHydrated } from '@/components/forms/use-hydrated';

/**
 * Links in emails land on a page with one button rather than acting on GET:
 * mail scanners that prefetch links must not spend a single-use token.
 */
export function ConfirmTokenButton({ token, label, pendingLabel, action }: { token: string; label: string; pendingLabel: string; action: (token: string) => Promise<ActionResult> }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  return (
    <div className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button
        type="button"
        disabled={pending || !hydrated}
        onClick={() =>
          startTransition(async () => {
            const result = await action(token);
            if (result && !result.ok) setError(result.formError ?? 'Something went wrong. Try again.');
          })
        }
      >
        {pending ? pendingLabel : label}
      </Button>
    </div>
  );
}
