'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { emailOnlySchema, type EmailOnlyInput } from '@/lib/validation/auth';

/** Asks for an email address and has the server send something to it (link, reset). */
export function EmailRequestForm({ next, submitLabel, action }: { next?: string; submitLabel: string; action: (v: EmailOnlyInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<EmailOnlyInput>({
    resolver: zodResolver(emailOnlySchema) as never,
    defaultValues: { email: '', next },
    action,
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-5">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id="email" label="Email address" error={errors.email?.message}>
        <input {...describedBy('email', errors.email?.message)} {...form.register('email')} type="email" autoComplete="email" className={inputClass} />
      </Field>
      <Button type="submit" disabled={submitting || !ready}>
        {submitting ? 'Sending…' : submitLabel}
      </Button>
    </form>
  );
}
