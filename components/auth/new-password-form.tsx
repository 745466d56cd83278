'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { newPasswordSchema, type NewPasswordInput } from '@/lib/validation/auth';

export function NewPasswordForm({ token, minLength, action }: { token: string; minLength: number; action: (v: NewPasswordInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, submitting, ready } = useActionForm<NewPasswordInput>({
    resolver: zodResolver(newPasswordSchema(minLength)) as never,
    defaultValues: { token, password: '' },
    action,
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-5">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field id="password" label="New password" hint={`At least ${minLength} characters. A few unrelated words make a strong password.`} error={errors.password?.message}>
        <input {...describedBy('password', errors.password?.message, true)} {...form.register('password')} type="password" autoComplete="new-password" className={inputClass} />
      </Field>
      <Button type="submit" disabled={submitting || !ready}>
        {submitting ? 'Saving…' : 'Save new password'}
      </Button>
    </form>
  );
}
