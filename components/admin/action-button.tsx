'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import type { ActionResult } from '@/components/forms/use-action-form';
import { useRouter } from 'next/navigation';

/** One button that runs a server action and shows its answer beside it (remove, delete). */
export function ActionButton({
  action,
  label,
  accessibleLabel,
  variant = 'secondary',
}: {
  action: () => Promise<ActionResult | undefined>;
  label: string;
  accessibleLabel?: string;
  variant?: 'secondary' | 'danger';
}) {
  const [pending, startTransition] = useTransition();
  const [answer, setAnswer] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const router = useRouter();
  return (
    <div className="space-y-2">
      <Button
        type="button"
        variant={variant}
        aria-label={accessibleLabel}
        disabled={pending}
        className="sm:w-auto"
        onClick={() =>
          startTransition(async () => {
            setAnswer(null);
            const result = await action();
            if (!result) return;
            if (!result.ok && result.stepUp) return router.push(result.stepUp);
            if (!result.ok) setAnswer({ tone: 'error', text: result.formError ?? 'That did not work. Try again.' });
            else if (result.message) setAnswer({ tone: 'success', text: result.message });
          })
        }
      >
        {label}
      </Button>
      {answer ? <Alert tone={answer.tone}>{answer.text}</Alert> : null}
    </div>
  );
}
