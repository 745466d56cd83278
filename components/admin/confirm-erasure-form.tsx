'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { confirmErasureSchema, type ConfirmErasureInput } from '@/lib/validation/dsr';

/** Runs an erasure once the customer's address is typed out: a deliberate step for what cannot be undone. */
export function ConfirmErasureForm({ action, subjectEmail }: { action: (values: ConfirmErasureInput) => Promise<ActionResult>; subjectEmail: string }) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<ConfirmErasureInput>({
    resolver: zodResolver(confirmErasureSchema) as never,
    defaultValues: { confirmEmail: '' },
    action,
  });
  const error = form.formState.errors.confirmEmail?.message;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-3">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id="confirm-email" label="Type the customer's email address to confirm" hint={`Type ${subjectEmail}. Erasure cannot be undone.`} error={error}>
        <input {...describedBy('confirm-email', error, true)} {...form.register('confirmEmail')} type="email" autoComplete="off" spellCheck={false} className={inputClass} />
      </Field>
      <Button type="submit" variant="danger" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Erasing…' : 'Run erasure'}
      </Button>
    </form>
  );
}
