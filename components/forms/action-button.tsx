'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import type { ActionResult } from './use-action-form';
import { useHydrated } from './use-hydrated';

/** One button that runs a server action and shows its answer (or goes to step-up). */
export function ActionButton({
  action,
  label,
  pendingLabel,
  variant = 'secondary',
  className = 'sm:w-auto',
}: {
  action: () => Promise<ActionResult | void>;
  label: string;
  pendingLabel: string;
  variant?: 'primary' | 'secondary' | 'danger';
  className?: string;
}) {
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const router = useRouter();
  return (
    <div className="space-y-2">
      <Button
        type="button"
        variant={variant}
        className={className}
        disabled={pending || !hydrated}
        onClick={() =>
          startTransition(async () => {
            const answer = await action();
            if (answer && !answer.ok && answer.stepUp) return router.push(answer.stepUp);
            setResult(answer ?? null);
            router.refresh();
          })
        }
      >
        {pending ? pendingLabel : label}
      </Button>
      {result && !result.ok ? <Alert tone="error">{result.formError ?? 'That did not work. Try again.'}</Alert> : null}
      {result?.ok && result.message ? <Alert tone="success">{result.message}</Alert> : null}
    </div>
  );
}
