'use client';

import { useState } from 'react';
import Link from 'next/link';
import { OneFieldForm } from '@/components/forms/one-field-form';
import type { ActionResult } from '@/components/forms/use-action-form';
import { inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import {
  recoveryCodeSignInSchema,
  totpSignInSchema,
  type RecoveryCodeSignInInput,
  type TotpSignInInput,
} from '@/lib/validation/mfa';

type SecondFactorInput = TotpSignInInput | RecoveryCodeSignInInput;
type Method = SecondFactorInput['method'];
type Props = { next?: string; action: (v: SecondFactorInput) => Promise<ActionResult> };

/** What differs between the two ways through the second step; the form around them is the same. */
const METHODS = {
  totp: {
    schema: totpSignInSchema,
    id: 'code',
    label: '6-digit code',
    hint: 'The code your authenticator app shows for this account.',
    input: { inputMode: 'numeric', autoComplete: 'one-time-code', maxLength: 7, className: `${inputClass} tracking-[0.5em]` },
    submit: 'Verify and sign in',
    other: 'recovery_code',
    switchLabel: 'Use a recovery code',
  },
  recovery_code: {
    schema: recoveryCodeSignInSchema,
    id: 'recovery-code',
    label: 'Recovery code',
    hint: 'One of the codes you saved, like k7m2q-x9dfa. Each works once.',
    input: { autoComplete: 'off', autoCapitalize: 'none', spellCheck: false, className: `${inputClass} font-mono` },
    submit: 'Use recovery code and sign in',
    other: 'totp',
    switchLabel: 'Use your authenticator app instead',
  },
} as const satisfies Record<Method, { other: Method } & Record<string, unknown>>;

/** The second step of signing in: a code from the authenticator app, or a recovery code instead. */
export function SecondFactorForm({ next, action }: Props) {
  const [method, setMethod] = useState<Method>('totp');
  const { other, switchLabel, ...field } = METHODS[method];
  return (
    // Keyed by method: switching starts a fresh form, with the other schema and an empty code.
    <OneFieldForm<SecondFactorInput>
      key={method}
      {...field}
      defaultValues={{ method, code: '', next }}
      action={action}
      name="code"
      afterFormError={<SignInAgain next={next} />}
      className="space-y-5"
    >
      <Button type="button" variant="link" onClick={() => setMethod(other)}>
        {switchLabel}
      </Button>
    </OneFieldForm>
  );
}

function SignInAgain({ next }: { next?: string }) {
  return (
    <Link href={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'} className="font-semibold underline underline-offset-4">
      Sign in again
    </Link>
  );
}
