'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { setPasswordSchema, type SetPasswordInput } from '@/lib/validation/account';

export function SetPasswordForm({ minLength, hasPassword, action }: { minLength: number; hasPassword: boolean; action: (v: SetPasswordInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<SetPasswordInput>({
    resolver: zodResolver(setPasswordSchema(minLength)) as never,
    defaultValues: { password: '', confirmation: '' },
    action: async (values) => {
      const result = await action(values);
      if (result?.ok) form.reset();
      return result;
    },
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id="password" label="New password" hint={`At least ${minLength} characters. A few unrelated words make a strong password.`} error={errors.password?.message}>
        <input {...describedBy('password', errors.password?.message, true)} {...form.register('password')} type="password" autoComplete="new-password" className={inputClass} />
      </Field>
      <Field id="confirmation" label="Repeat the new password" error={errors.confirmation?.message}>
        <input {...describedBy('confirmation', errors.confirmation?.message)} {...form.register('confirmation')} type="password" autoComplete="new-password" className={inputClass} />
      </Field>
      <Button type="submit" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Saving…' : hasPassword ? 'Change password' : 'Set password'}
      </Button>
    </form>
  );
}
