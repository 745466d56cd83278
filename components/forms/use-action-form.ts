'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useHydrated } from './use-hydrated';
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from 'react-hook-form';

export type ActionResult =
  | { ok: true; message?: string }
  | { ok: false; fieldErrors?: Record<string, string>; formError?: string; stepUp?: string };

/**
 * react-hook-form wired to a server action: the browser validates with the shared
 * zod schema first, then the server's answer (same schema, plus what only the
 * server knows) is shown next to the same fields.
 */
export function useActionForm<T extends FieldValues>(options: {
  resolver: Resolver<T>;
  defaultValues: DefaultValues<T>;
  action: (values: T) => Promise<ActionResult>;
}) {
  const form = useForm<T>({ resolver: options.resolver, defaultValues: options.defaultValues, mode: 'onTouched' });
  const [formError, setFormError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // Until React has hydrated, a click would submit the form natively, without validation.
  const hydrated = useHydrated();
  const router = useRouter();

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    setMessage(null);
    const result = await options.action(values);
    // A successful action usually redirects, so it never returns here.
    if (!result) return;
    if (result.ok) {
      setMessage(result.message ?? null);
      return;
    }
    if (result.stepUp) {
      // The session is too old for this change: confirm identity, then come back.
      router.push(result.stepUp);
      return;
    }
    for (const [name, text] of Object.entries(result.fieldErrors ?? {})) {
      form.setError(name as Path<T>, { type: 'server', message: text }, { shouldFocus: true });
    }
    setFormError(result.formError ?? null);
  });

  return { form, onSubmit, formError, message, submitting: form.formState.isSubmitting, ready: hydrated };
}
