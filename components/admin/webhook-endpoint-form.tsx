'use client';

import { useState } from 'react';
import Link from 'next/link';
import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@/lib/webhooks/events';
import { webhookEndpointSchema, type WebhookEndpointInput } from '@/lib/validation/webhooks';
import { SigningSecret } from './signing-secret';

type Created = { id: string; secret: string };
type EndpointActionResult = ActionResult | (ActionResult & { ok: true } & Partial<Created>);

/** Registers an endpoint (then shows its secret, once) or edits one. */
export function WebhookEndpointForm({
  action,
  initial,
  submitLabel,
}: {
  action: (values: WebhookEndpointInput) => Promise<EndpointActionResult>;
  initial?: { url: string; description: string | null; eventTypes: WebhookEventType[] };
  submitLabel: string;
}) {
  const creating = !initial;
  const [created, setCreated] = useState<Created | null>(null);
  const empty = { url: '', description: '', eventTypes: [] as string[] };
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<WebhookEndpointInput>({
    resolver: zodResolver(webhookEndpointSchema) as never,
    defaultValues: initial ? { url: initial.url, description: initial.description ?? '', eventTypes: initial.eventTypes } : empty,
    action: async (values) => {
      setCreated(null);
      const result = await action(values);
      if (result.ok && 'secret' in result && result.secret && result.id) {
        setCreated({ id: result.id, secret: result.secret });
        form.reset(empty);
      }
      return result;
    },
  });
  const errors = form.formState.errors;
  const prefix = creating ? 'new-webhook' : 'webhook';
  return (
    <div className="space-y-4">
      {created ? (
        <div className="space-y-2">
          <SigningSecret secret={created.secret} />
          <p className="text-sm">
            <Link href={`/admin/webhooks/${created.id}`} className="text-brand-ink hover:underline">
              Open the new endpoint and its delivery log
            </Link>
          </p>
        </div>
      ) : null}
      <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        {message && !created ? <Alert tone="success">{message}</Alert> : null}
        <Field
          id={`${prefix}-url`}
          label="Endpoint URL"
          hint="Must start with https://. Plain http:// is accepted only for localhost and 127.0.0.1, for development."
          error={errors.url?.message}
        >
          <input {...describedBy(`${prefix}-url`, errors.url?.message, true)} {...form.register('url')} type="url" inputMode="url" autoCapitalize="none" spellCheck={false} placeholder="https://example.com/webhooks/gatehouse" className={inputClass} />
        </Field>
        <Field id={`${prefix}-description`} label="Description (optional)" hint="What receives these events, e.g. Customer data platform." error={errors.description?.message}>
          <input {...describedBy(`${prefix}-description`, errors.description?.message, true)} {...form.register('description')} className={inputClass} />
        </Field>
        <fieldset className="space-y-2" aria-describedby={errors.eventTypes ? `${prefix}-events-error` : undefined}>
          <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Events to send</legend>
          {(Object.entries(WEBHOOK_EVENT_TYPES) as [WebhookEventType, string][]).map(([type, description]) => (
            <label key={type} className="flex items-start gap-3 text-sm">
              <input type="checkbox" value={type} {...form.register('eventTypes')} className="mt-1" />
              <span>
                <code className="font-medium">{type}</code> <span className="text-zinc-600 dark:text-zinc-400">{description}</span>
              </span>
            </label>
          ))}
          {errors.eventTypes ? (
            <p id={`${prefix}-events-error`} role="alert" className="text-sm text-red-700 dark:text-red-400">
              {errors.eventTypes.message}
            </p>
          ) : null}
        </fieldset>
        <Button type="submit" disabled={submitting || !ready} className="sm:w-auto">
          {submitting ? 'Saving…' : submitLabel}
        </Button>
      </form>
    </div>
  );
}
