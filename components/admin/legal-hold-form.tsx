'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { legalHoldSchema, type LegalHoldInput } from '@/lib/validation/retention';

/** Places a legal hold; the reason is kept on the account and in the audit log. */
export function LegalHoldForm({ action }: { action: (v: LegalHoldInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<LegalHoldInput>({
    resolver: zodResolver(legalHoldSchema) as never,
    defaultValues: { reason: '' },
    action,
  });
  const error = form.formState.errors.reason?.message;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id="legal-hold-reason" label="Reason for the hold" hint="For example the case or request reference. Recorded in the audit log." error={error}>
        <input {...describedBy('legal-hold-reason', error, true)} {...form.register('reason')} type="text" className={inputClass} />
      </Field>
      <Button type="submit" variant="secondary" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Placing hold…' : 'Place legal hold'}
      </Button>
    </form>
  );
}
