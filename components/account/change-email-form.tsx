'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { changeEmailSchema, type ChangeEmailInput } from '@/lib/validation/account';

export function ChangeEmailForm({ action }: { action: (v: ChangeEmailInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<ChangeEmailInput>({
    resolver: zodResolver(changeEmailSchema) as never,
    defaultValues: { email: '' },
    action,
  });
  const error = form.formState.errors.email?.message;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id="new-email" label="New email address" error={error}>
        <input {...describedBy('new-email', error)} {...form.register('email')} type="email" autoComplete="email" className={inputClass} />
      </Field>
      <Button type="submit" variant="secondary" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Sending…' : 'Change email address'}
      </Button>
    </form>
  );
}
