'use client';

import { useState, useTransition } from 'react';
import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import {
  confirmCodeSchema,
  confirmPasswordSchema,
  confirmSecondFactorSchema,
  type ConfirmCodeInput,
  type ConfirmPasswordInput,
  type ConfirmSecondFactorInput,
} from '@/lib/validation/account';

export function ConfirmWithPassword({ next, action }: { next: string; action: (v: ConfirmPasswordInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, submitting, ready } = useActionForm<ConfirmPasswordInput>({
    resolver: zodResolver(confirmPasswordSchema) as never,
    defaultValues: { password: '', next },
    action,
  });
  const error = form.formState.errors.password?.message;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field id="password" label="Password" error={error}>
        <input {...describedBy('password', error)} {...form.register('password')} type="password" autoComplete="current-password" className={inputClass} />
      </Field>
      <Button type="submit" disabled={submitting || !ready}>
        {submitting ? 'Checking…' : 'Confirm with password'}
      </Button>
    </form>
  );
}

export function ConfirmWithEmailCode({
  next,
  sendCode,
  confirm,
}: {
  next: string;
  sendCode: () => Promise<ActionResult>;
  confirm: (v: ConfirmCodeInput) => Promise<ActionResult>;
}) {
  const [sent, setSent] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const { form, onSubmit, submitting, ready } = useActionForm<ConfirmCodeInput>({
    resolver: zodResolver(confirmCodeSchema) as never,
    defaultValues: { code: '', next },
    action: confirm,
  });
  const error = form.formState.errors.code?.message;
  if (!sent?.ok) {
    return (
      <div className="space-y-3">
        {sent && !sent.ok ? <Alert tone="error">{sent.formError}</Alert> : null}
        <Button type="button" variant="secondary" disabled={pending || !hydrated} onClick={() => startTransition(async () => setSent(await sendCode()))}>
          {pending ? 'Sending…' : 'Email me a code instead'}
        </Button>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      <Alert tone="info">{sent.message}</Alert>
      <Field id="code" label="6-digit code" error={error}>
        <input {...describedBy('code', error)} {...form.register('code')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} className={`${inputClass} tracking-[0.5em]`} />
      </Field>
      <Button type="submit" disabled={submitting || !ready}>
        {submitting ? 'Checking…' : 'Confirm with code'}
      </Button>
    </form>
  );
}

export function ConfirmWithSecondFactor({ next, action }: { next: string; action: (v: ConfirmSecondFactorInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, submitting, ready } = useActionForm<ConfirmSecondFactorInput>({
    resolver: zodResolver(confirmSecondFactorSchema) as never,
    defaultValues: { code: '', next },
    action,
  });
  const error = form.formState.errors.code?.message;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field id="second-factor-code" label="Code from your authenticator app" hint="Or one of your recovery codes." error={error}>
        <input {...describedBy('second-factor-code', error, true)} {...form.register('code')} autoComplete="one-time-code" className={inputClass} />
      </Field>
      <Button type="submit" disabled={submitting || !ready}>
        {submitting ? 'Checking…' : 'Confirm with code'}
      </Button>
    </form>
  );
}
