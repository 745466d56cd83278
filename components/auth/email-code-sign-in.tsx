'use client';

import { useState } from 'react';
import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { emailCodeSchema, type EmailCodeInput, type EmailOnlyInput } from '@/lib/validation/auth';
import { EmailRequestForm } from './email-request-form';

/** Two steps on one page: send a code to an address, then type it in. */
export function EmailCodeSignIn({
  next,
  requestCode,
  verifyCode,
}: {
  next?: string;
  requestCode: (v: EmailOnlyInput) => Promise<ActionResult>;
  verifyCode: (v: EmailCodeInput) => Promise<ActionResult>;
}) {
  const [email, setEmail] = useState<string | null>(null);
  if (!email) {
    return (
      <EmailRequestForm
        next={next}
        submitLabel="Email me a code"
        action={async (values) => {
          const result = await requestCode(values);
          if (result.ok) setEmail(values.email.trim().toLowerCase());
          return result;
        }}
      />
    );
  }
  return <CodeForm email={email} next={next} verifyCode={verifyCode} onRestart={() => setEmail(null)} />;
}

function CodeForm({ email, next, verifyCode, onRestart }: { email: string; next?: string; verifyCode: (v: EmailCodeInput) => Promise<ActionResult>; onRestart: () => void }) {
  const { form, onSubmit, formError, submitting, ready } = useActionForm<EmailCodeInput>({
    resolver: zodResolver(emailCodeSchema) as never,
    defaultValues: { email, code: '', next },
    action: verifyCode,
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-5">
      <Alert tone="info">If an account exists for {email}, we have emailed it a 6-digit code. It expires in 10 minutes.</Alert>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field id="code" label="6-digit code" error={errors.code?.message}>
        <input
          {...describedBy('code', errors.code?.message)}
          {...form.register('code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          className={`${inputClass} tracking-[0.5em]`}
        />
      </Field>
      <Button type="submit" disabled={submitting || !ready}>
        {submitting ? 'Checking…' : 'Sign in with code'}
      </Button>
      <Button type="button" variant="link" onClick={onRestart}>
        Use a different email or send a new code
      </Button>
    </form>
  );
}
