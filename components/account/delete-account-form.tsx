'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { DELETE_CONFIRMATION, deleteAccountSchema, type DeleteAccountInput } from '@/lib/validation/account';

export function DeleteAccountForm({ action }: { action: (v: DeleteAccountInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, submitting, ready } = useActionForm<DeleteAccountInput>({
    resolver: zodResolver(deleteAccountSchema) as never,
    defaultValues: { confirmation: '' as never },
    action,
  });
  const error = form.formState.errors.confirmation?.message;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field id="confirmation" label={`Type ${DELETE_CONFIRMATION} to confirm`} error={error}>
        <input {...describedBy('confirmation', error)} {...form.register('confirmation')} autoComplete="off" className={inputClass} />
      </Field>
      <Button type="submit" variant="danger" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Deleting…' : 'Delete my account'}
      </Button>
    </form>
  );
}
