'use client';

import Link from 'next/link';
import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { passwordSignInSchema, type PasswordSignInInput } from '@/lib/validation/auth';

export function PasswordSignInForm({ next, action }: { next?: string; action: (v: PasswordSignInInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, submitting, ready } = useActionForm<PasswordSignInInput>({
    resolver: zodResolver(passwordSignInSchema) as never,
    defaultValues: { email: '', password: '', next },
    action,
  });
  const { register, formState } = form;
  const errors = formState.errors;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-5">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {/* "webauthn" lets the browser offer saved passkeys in this field's autofill (see PasskeySignIn). */}
      <Field id="email" label="Email address" error={errors.email?.message}>
        <input {...describedBy('email', errors.email?.message)} {...register('email')} type="email" autoComplete="username webauthn" className={inputClass} />
      </Field>
      <Field id="password" label="Password" error={errors.password?.message}>
        <input {...describedBy('password', errors.password?.message)} {...register('password')} type="password" autoComplete="current-password" className={inputClass} />
      </Field>
      <div className="flex justify-end text-sm">
        <Link href="/reset-password" className="text-brand-ink underline-offset-4 hover:underline">
          Forgot your password?
        </Link>
      </div>
      <Button type="submit" disabled={submitting || !ready}>
        {submitting ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
