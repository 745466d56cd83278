'use client';

import { useState, useTransition } from 'react';
import type { ActionResult } from '@/components/forms/use-action-form';
import { useHydrated } from '@/components/forms/use-hydrated';

export function ResendVerification({ action }: { action: () => Promise<ActionResult> }) {
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  return (
    <span>
      <button
        type="button"
        disabled={pending || !hydrated}
        className="font-semibold underline underline-offset-4"
        onClick={() => startTransition(async () => setResult(await action()))}
      >
        {pending ? 'Sending…' : 'Send a new confirmation link'}
      </button>
      {result ? <span role="status" className="ml-2">{result.ok ? result.message : result.formError}</span> : null}
    </span>
  );
}
