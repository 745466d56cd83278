'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { suspendUserSchema, type SuspendUserInput } from '@/lib/validation/directory';

/** Suspend or reactivate an account; a reason is required and goes into the audit log. */
export function StatusChangeForm({ action, label, pendingLabel, danger }: { action: (v: SuspendUserInput) => Promise<ActionResult>; label: string; pendingLabel: string; danger?: boolean }) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<SuspendUserInput>({
    resolver: zodResolver(suspendUserSchema) as never,
    defaultValues: { reason: '' },
    action,
  });
  const error = form.formState.errors.reason?.message;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id="status-reason" label="Reason" hint="Recorded in the audit log." error={error}>
        <input {...describedBy('status-reason', error, true)} {...form.register('reason')} type="text" className={inputClass} />
      </Field>
      <Button type="submit" variant={danger ? 'danger' : 'secondary'} disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? pendingLabel : label}
      </Button>
    </form>
  );
}
