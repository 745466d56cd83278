'use client';

import Link from 'next/link';
import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { signUpSchema, type SignUpInput } from '@/lib/validation/auth';

export function SignUpForm({ minLength, next, action }: { minLength: number; next?: string; action: (v: SignUpInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, submitting, ready } = useActionForm<SignUpInput>({
    resolver: zodResolver(signUpSchema(minLength)) as never,
    defaultValues: { email: '', method: 'password', password: '', acceptTerms: false as never, next },
    action,
  });
  const { register, watch, formState } = form;
  const errors = formState.errors;
  const method = watch('method');

  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-5">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field id="email" label="Email address" error={errors.email?.message}>
        <input {...describedBy('email', errors.email?.message)} {...register('email')} type="email" autoComplete="email" className={inputClass} />
      </Field>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">How do you want to sign in?</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" value="password" {...register('method')} className="h-4 w-4 accent-brand" />
          With a password
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" value="link" {...register('method')} className="h-4 w-4 accent-brand" />
          Without a password: email me a link each time
        </label>
      </fieldset>

      {method === 'password' ? (
        <Field
          id="password"
          label="Password"
          hint={`At least ${minLength} characters. Long passphrases are welcome; no special characters needed.`}
          error={errors.password?.message}
        >
          <input {...describedBy('password', errors.password?.message, true)} {...register('password')} type="password" autoComplete="new-password" className={inputClass} />
        </Field>
      ) : null}

      <div className="space-y-1.5">
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" {...register('acceptTerms')} aria-invalid={errors.acceptTerms ? true : undefined} aria-describedby={errors.acceptTerms ? 'acceptTerms-error' : undefined} className="mt-0.5 h-4 w-4 accent-brand" />
          <span>
            I accept the <Link href="/legal/terms" className="text-brand-ink underline">terms of service</Link> and the{' '}
            <Link href="/legal/privacy" className="text-brand-ink underline">privacy notice</Link>
          </span>
        </label>
        {errors.acceptTerms ? (
          <p id="acceptTerms-error" role="alert" className="text-sm text-red-700 dark:text-red-400">
            {errors.acceptTerms.message}
          </p>
        ) : null}
      </div>

      <Button type="submit" disabled={submitting || !ready}>
        {submitting ? 'Creating your account…' : 'Create account'}
      </Button>
    </form>
  );
}
