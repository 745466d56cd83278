'use client';

import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { ChainVerification } from '@/lib/audit/chain';

/** What the action answers: the verification, or why it did not run (the console's usual refusal). */
type Answer = ChainVerification | { ok: false; formError?: string };

/** How long the sealer has been behind, in words: a few seconds is normal, minutes mean it is not running. */
function waited(seconds: number) {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** Re-checks every link of the audit chain on demand and says what it found. */
export function VerifyAuditChain({ verify }: { verify: () => Promise<Answer> }) {
  const [result, run, pending] = useActionState<Answer | null>(() => verify(), null);
  return (
    <form action={run} className="space-y-3">
      <Button type="submit" variant="secondary" className="sm:w-auto" disabled={pending}>
        {pending ? 'Verifying…' : 'Verify integrity'}
      </Button>
      {result?.ok ? (
        <Alert tone="success">
          Integrity verified: {result.verified} events chained without a break
          {result.unchained ? ` (${result.unchained} older events predate the chain and are not covered)` : ''}
          {result.startsAfter ? `; events up to number ${result.startsAfter} were removed by the retention policy, and the chain continues exactly from there` : ''}.
          {result.unsealed
            ? ` ${result.unsealed} newer ${result.unsealed === 1 ? 'event is' : 'events are'} not sealed into the chain yet (each checked as written; the oldest has waited ${waited(result.oldestUnsealedSeconds ?? 0)}).`
            : ' Every event is sealed.'}
        </Alert>
      ) : null}
      {result && !result.ok && 'brokenAt' in result ? (
        <Alert tone="error">
          The chain is broken at event {result.brokenAt}: {result.problem}. {result.verified} events before it verified.
        </Alert>
      ) : null}
      {result && !result.ok && 'formError' in result ? <Alert tone="error">{result.formError}</Alert> : null}
    </form>
  );
}
