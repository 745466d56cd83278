'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { rejectRequestSchema, type RejectRequestInput } from '@/lib/validation/dsr';

/** Declines a request; the reason is emailed to the customer and kept as the request's evidence. */
export function RejectRequestForm({ action }: { action: (values: RejectRequestInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<RejectRequestInput>({
    resolver: zodResolver(rejectRequestSchema) as never,
    defaultValues: { reason: '' },
    action,
  });
  const error = form.formState.errors.reason?.message;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-3">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id="reject-reason" label="Reason for rejecting" hint="Sent to the customer and kept in the audit log." error={error}>
        <input {...describedBy('reject-reason', error, true)} {...form.register('reason')} type="text" className={inputClass} />
      </Field>
      <Button type="submit" variant="secondary" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Rejecting…' : 'Reject request'}
      </Button>
    </form>
  );
}
