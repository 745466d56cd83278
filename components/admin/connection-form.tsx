'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { createConnectionSchema, updateConnectionSchema, type CreateConnectionInput } from '@/lib/validation/federation';

type Values = CreateConnectionInput;

/** Adds an enterprise OIDC connection, or edits one (a blank secret keeps the stored one). */
export function ConnectionForm({
  action,
  initial,
  submitLabel,
}: {
  action: (values: Values) => Promise<ActionResult>;
  initial?: { name: string; issuer: string; clientId: string; domains: string };
  submitLabel: string;
}) {
  const creating = !initial;
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<Values>({
    // raw: the server parses the same schema; it should receive what was typed, not the parsed domain list.
    resolver: zodResolver(creating ? createConnectionSchema : updateConnectionSchema, undefined, { raw: true }) as never,
    defaultValues: { name: initial?.name ?? '', issuer: initial?.issuer ?? '', clientId: initial?.clientId ?? '', clientSecret: '', domains: initial?.domains.replaceAll(',', ', ') ?? '' },
    action,
  });
  const errors = form.formState.errors;
  const p = creating ? 'new-connection' : 'connection';
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id={`${p}-name`} label="Organisation name" hint="Shown on the sign-in button, like “Continue with Acme”." error={errors.name?.message}>
        <input {...describedBy(`${p}-name`, errors.name?.message, true)} {...form.register('name')} className={inputClass} />
      </Field>
      <Field id={`${p}-domains`} label="Email domains" hint="People with these addresses sign in through this connection. Separate with commas, like acme.com, acme.co.uk." error={errors.domains?.message}>
        <input {...describedBy(`${p}-domains`, errors.domains?.message, true)} {...form.register('domains')} autoCapitalize="none" spellCheck={false} className={inputClass} />
      </Field>
      <Field id={`${p}-issuer`} label="Issuer URL" hint="The identity provider’s issuer; its discovery document is read from /.well-known/openid-configuration." error={errors.issuer?.message}>
        <input {...describedBy(`${p}-issuer`, errors.issuer?.message, true)} {...form.register('issuer')} type="url" autoCapitalize="none" spellCheck={false} className={inputClass} />
      </Field>
      <Field id={`${p}-client-id`} label="Client ID" error={errors.clientId?.message}>
        <input {...describedBy(`${p}-client-id`, errors.clientId?.message)} {...form.register('clientId')} autoCapitalize="none" spellCheck={false} className={inputClass} />
      </Field>
      <Field id={`${p}-client-secret`} label="Client secret" hint={creating ? 'Stored encrypted and never shown again.' : 'Leave blank to keep the current secret.'} error={errors.clientSecret?.message}>
        <input {...describedBy(`${p}-client-secret`, errors.clientSecret?.message, true)} {...form.register('clientSecret')} type="password" autoComplete="off" className={inputClass} />
      </Field>
      <Button type="submit" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Saving…' : submitLabel}
      </Button>
    </form>
  );
}
