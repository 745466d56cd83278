'use client';

import { useState } from 'react';
import Link from 'next/link';
import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import {
  recoveryCodeSignInSchema,
  totpSignInSchema,
  type RecoveryCodeSignInInput,
  type TotpSignInInput,
} from '@/lib/validation/mfa';

type Props = { next?: string; action: (v: TotpSignInInput | RecoveryCodeSignInInput) => Promise<ActionResult> };

/** The second step of signing in: a code from the authenticator app, or a recovery code instead. */
export function SecondFactorForm({ next, action }: Props) {
  const [method, setMethod] = useState<'totp' | 'recovery_code'>('totp');
  return method === 'totp' ? (
    <AppCodeForm next={next} action={action} onSwitch={() => setMethod('recovery_code')} />
  ) : (
    <RecoveryCodeForm next={next} action={action} onSwitch={() => setMethod('totp')} />
  );
}

function SignInAgain({ next }: { next?: string }) {
  return (
    <Link href={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'} className="font-semibold underline underline-offset-4">
      Sign in again
    </Link>
  );
}

function AppCodeForm({ next, action, onSwitch }: Props & { onSwitch: () => void }) {
  const { form, onSubmit, formError, submitting, ready } = useActionForm<TotpSignInInput>({
    resolver: zodResolver(totpSignInSchema) as never,
    defaultValues: { method: 'totp', code: '', next },
    action,
  });
  const error = form.formState.errors.code?.message;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-5">
      {formError ? (
        <Alert tone="error">
          {formError} <SignInAgain next={next} />
        </Alert>
      ) : null}
      <Field id="code" label="6-digit code" hint="The code your authenticator app shows for this account." error={error}>
        <input
          {...describedBy('code', error, true)}
          {...form.register('code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          className={`${inputClass} tracking-[0.5em]`}
        />
      </Field>
      <Button type="submit" disabled={submitting || !ready}>
        {submitting ? 'Checking…' : 'Verify and sign in'}
      </Button>
      <Button type="button" variant="link" onClick={onSwitch}>
        Use a recovery code
      </Button>
    </form>
  );
}

function RecoveryCodeForm({ next, action, onSwitch }: Props & { onSwitch: () => void }) {
  const { form, onSubmit, formError, submitting, ready } = useActionForm<RecoveryCodeSignInInput>({
    resolver: zodResolver(recoveryCodeSignInSchema) as never,
    defaultValues: { method: 'recovery_code', code: '', next },
    action,
  });
  const error = form.formState.errors.code?.message;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-5">
      {formError ? (
        <Alert tone="error">
          {formError} <SignInAgain next={next} />
        </Alert>
      ) : null}
      <Field id="recovery-code" label="Recovery code" hint="One of the codes you saved, like k7m2q-x9dfa. Each works once." error={error}>
        <input
          {...describedBy('recovery-code', error, true)}
          {...form.register('code')}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          className={`${inputClass} font-mono`}
        />
      </Field>
      <Button type="submit" disabled={submitting || !ready}>
        {submitting ? 'Checking…' : 'Use recovery code and sign in'}
      </Button>
      <Button type="button" variant="link" onClick={onSwitch}>
        Use your authenticator app instead
      </Button>
    </form>
  );
}
