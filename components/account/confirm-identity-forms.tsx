'use client';

import { useState, useTransition } from 'react';
import { OneFieldForm } from '@/components/forms/one-field-form';
import type { ActionResult } from '@/components/forms/use-action-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { inputClass } from '@/components/ui/field';
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
  return (
    <OneFieldForm<ConfirmPasswordInput>
      schema={confirmPasswordSchema}
      defaultValues={{ password: '', next }}
      action={action}
      name="password"
      id="password"
      label="Password"
      input={{ type: 'password', autoComplete: 'current-password' }}
      submit="Confirm with password"
    />
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
    <OneFieldForm<ConfirmCodeInput>
      schema={confirmCodeSchema}
      defaultValues={{ code: '', next }}
      action={confirm}
      name="code"
      id="code"
      label="6-digit code"
      input={{ inputMode: 'numeric', autoComplete: 'one-time-code', maxLength: 6, className: `${inputClass} tracking-[0.5em]` }}
      submit="Confirm with code"
      intro={<Alert tone="info">{sent.message}</Alert>}
    />
  );
}

export function ConfirmWithSecondFactor({ next, action }: { next: string; action: (v: ConfirmSecondFactorInput) => Promise<ActionResult> }) {
  return (
    <OneFieldForm<ConfirmSecondFactorInput>
      schema={confirmSecondFactorSchema}
      defaultValues={{ code: '', next }}
      action={action}
      name="code"
      id="second-factor-code"
      label="Code from your authenticator app"
      hint="Or one of your recovery codes."
      input={{ autoComplete: 'one-time-code' }}
      submit="Confirm with code"
    />
  );
}
