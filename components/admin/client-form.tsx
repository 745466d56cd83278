'use client';

import { useState } from 'react';
import Link from 'next/link';
import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { MANAGEMENT_API_SCOPES, MANAGEMENT_API_SCOPE_NAMES } from '@/lib/validation/management-api';
import { OIDC_GRANT_TYPES, OIDC_SCOPES, SCOPE_DESCRIPTIONS, registerClientSchema, type RegisterClientInput } from '@/lib/validation/oidc';
import { SigningSecret } from './signing-secret';

type Registered = { clientId: string; clientSecret: string | null };
type ClientActionResult = ActionResult | (ActionResult & { ok: true } & Partial<Registered>);
type GrantType = (typeof OIDC_GRANT_TYPES)[number];

const GRANT_DESCRIPTIONS: Record<GrantType, string> = {
  authorization_code: 'People sign in through the browser (with PKCE)',
  refresh_token: 'The app stays signed in with refresh tokens',
  client_credentials: 'A backend calls APIs as itself, with no person involved (confidential apps only)',
};

export type ClientFormValues = {
  name: string;
  type: 'confidential' | 'public';
  redirectUris: string;
  postLogoutRedirectUris: string;
  grantTypes: GrantType[];
  scopes: RegisterClientInput['scopes'];
  firstParty: boolean;
};

const EMPTY: ClientFormValues = { name: '', type: 'confidential', redirectUris: '', postLogoutRedirectUris: '', grantTypes: ['authorization_code'], scopes: ['openid'], firstParty: false };

const SECRET_HINT = 'Copy it now into the app’s configuration: it is not shown again, only a hash of it is kept. If it is lost, rotate it.';

/** A list field's error may sit on the list or on one of its lines: the first message found. */
function firstMessage(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 2) return undefined;
  const { message } = error as { message?: unknown };
  if (typeof message === 'string') return message;
  // `ref` is the DOM element the error belongs to: not an error to look into.
  for (const [key, nested] of Object.entries(error)) {
    const found = key === 'ref' ? undefined : firstMessage(nested, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function ErrorText({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} role="alert" className="text-sm text-red-700 dark:text-red-400">
      {message}
    </p>
  ) : null;
}

/** Registers an app (then shows its client ID and, for a confidential one, its secret once) or edits one. */
export function ClientForm({
  action,
  initial,
  submitLabel,
  grantableScopes,
}: {
  action: (values: RegisterClientInput) => Promise<ClientActionResult>;
  initial?: ClientFormValues;
  submitLabel: string;
  /** The management API scopes this staff member may give (within their own console permissions); the others are not offered. */
  grantableScopes: readonly string[];
}) {
  const creating = !initial;
  const offered = MANAGEMENT_API_SCOPE_NAMES.filter((scope) => grantableScopes.includes(scope));
  const withheld = MANAGEMENT_API_SCOPE_NAMES.filter((scope) => !grantableScopes.includes(scope));
  const [registered, setRegistered] = useState<Registered | null>(null);
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<ClientFormValues>({
    resolver: zodResolver(registerClientSchema) as never,
    defaultValues: initial ?? EMPTY,
    action: async (values) => {
      setRegistered(null);
      const result = await action(values as unknown as RegisterClientInput);
      if (result.ok && 'clientId' in result && result.clientId) {
        setRegistered({ clientId: result.clientId, clientSecret: result.clientSecret ?? null });
        form.reset(EMPTY);
      }
      return result;
    },
  });
  const errors = form.formState.errors;
  const type = form.watch('type');
  const prefix = creating ? 'new-client' : 'client';
  const area = `${inputClass} font-mono text-sm`;
  return (
    <div className="space-y-4">
      {registered ? (
        <div className="space-y-3">
          <Field id="registered-client-id" label="Client ID">
            <input id="registered-client-id" readOnly value={registered.clientId} className={`${inputClass} font-mono text-sm`} onFocus={(e) => e.currentTarget.select()} />
          </Field>
          {registered.clientSecret ? <SigningSecret secret={registered.clientSecret} label="Client secret" hint={SECRET_HINT} /> : null}
          <p className="text-sm">
            <Link href={`/admin/clients/${registered.clientId}`} className="text-brand-ink hover:underline">
              Open the new app
            </Link>
          </p>
        </div>
      ) : null}
      <form onSubmit={onSubmit} method="post" noValidate className="space-y-5">
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        {message && !registered ? <Alert tone="success">{message}</Alert> : null}
        <Field id={`${prefix}-name`} label="App name" hint="People see it on the consent page and in their connected apps." error={errors.name?.message}>
          <input
            id={`${prefix}-name`}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${prefix}-name-error` : `${prefix}-name-hint`}
            {...form.register('name')}
            className={inputClass}
          />
        </Field>

        <fieldset className="space-y-2" aria-describedby={errors.type ? `${prefix}-type-error` : undefined}>
          <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Type</legend>
          {creating ? (
            <>
              <label className="flex items-start gap-3 text-sm">
                <input type="radio" value="confidential" {...form.register('type')} className="mt-1" />
                <span>
                  <span className="font-medium">Confidential</span>{' '}
                  <span className="text-zinc-600 dark:text-zinc-400">A server-side app that can keep a secret</span>
                </span>
              </label>
              <label className="flex items-start gap-3 text-sm">
                <input type="radio" value="public" {...form.register('type')} className="mt-1" />
                <span>
                  <span className="font-medium">Public</span>{' '}
                  <span className="text-zinc-600 dark:text-zinc-400">A single-page or mobile app: no secret, PKCE is required</span>
                </span>
              </label>
            </>
          ) : (
            <p className="text-sm">
              {type === 'confidential' ? 'Confidential (has a secret)' : 'Public (no secret, PKCE required)'}{' '}
              <span className="text-zinc-500 dark:text-zinc-400">— fixed once registered.</span>
              <input type="hidden" {...form.register('type')} />
            </p>
          )}
          <ErrorText id={`${prefix}-type-error`} message={errors.type?.message} />
        </fieldset>

        <Field
          id={`${prefix}-redirect-uris`}
          label="Redirect URIs"
          hint="One per line, matched exactly. https:// only; plain http:// only for localhost while developing."
          error={firstMessage(errors.redirectUris)}
        >
          <textarea
            id={`${prefix}-redirect-uris`}
            rows={3}
            aria-invalid={errors.redirectUris ? true : undefined}
            aria-describedby={errors.redirectUris ? `${prefix}-redirect-uris-error` : `${prefix}-redirect-uris-hint`}
            {...form.register('redirectUris')}
            spellCheck={false}
            autoCapitalize="none"
            placeholder="https://app.example.com/callback"
            className={area}
          />
        </Field>
        <Field id={`${prefix}-logout-uris`} label="Sign-out redirect URIs (optional)" hint="Where the app may send people after signing out. One per line." error={firstMessage(errors.postLogoutRedirectUris)}>
          <textarea
            id={`${prefix}-logout-uris`}
            rows={2}
            aria-invalid={errors.postLogoutRedirectUris ? true : undefined}
            aria-describedby={errors.postLogoutRedirectUris ? `${prefix}-logout-uris-error` : `${prefix}-logout-uris-hint`}
            {...form.register('postLogoutRedirectUris')}
            spellCheck={false}
            autoCapitalize="none"
            className={area}
          />
        </Field>

        <fieldset className="space-y-2" aria-describedby={errors.grantTypes ? `${prefix}-grants-error` : undefined}>
          <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Allowed grants</legend>
          {OIDC_GRANT_TYPES.map((grant) => (
            <label key={grant} className="flex items-start gap-3 text-sm">
              <input type="checkbox" value={grant} {...form.register('grantTypes')} className="mt-1" disabled={grant === 'client_credentials' && type === 'public'} />
              <span>
                <code className="font-medium">{grant}</code> <span className="text-zinc-600 dark:text-zinc-400">{GRANT_DESCRIPTIONS[grant]}</span>
              </span>
            </label>
          ))}
          <ErrorText id={`${prefix}-grants-error`} message={errors.grantTypes?.message} />
        </fieldset>

        <fieldset className="space-y-2" aria-describedby={errors.scopes ? `${prefix}-scopes-error` : undefined}>
          <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Scopes the app may ask for</legend>
          {OIDC_SCOPES.map((scope) => (
            <label key={scope} className="flex items-start gap-3 text-sm">
              <input type="checkbox" value={scope} {...form.register('scopes')} className="mt-1" />
              <span>
                <code className="font-medium">{scope}</code> <span className="text-zinc-600 dark:text-zinc-400">{SCOPE_DESCRIPTIONS[scope]}</span>
              </span>
            </label>
          ))}
          <ErrorText id={`${prefix}-scopes-error`} message={errors.scopes?.message} />
        </fieldset>

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Management API access</legend>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            For a backend that calls /api/v1 as itself: allow only the client_credentials grant. These act on every customer’s data, so give only what the system needs.
          </p>
          {withheld.length > 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Not offered, because they need console permissions you do not hold: {withheld.map((scope, i) => <span key={scope}>{i > 0 ? ', ' : ''}<code>{scope}</code></span>)}.
            </p>
          ) : null}
          {offered.map((scope) => (
            <label key={scope} className="flex items-start gap-3 text-sm">
              <input type="checkbox" value={scope} {...form.register('scopes')} className="mt-1" />
              <span>
                <code className="font-medium">{scope}</code> <span className="text-zinc-600 dark:text-zinc-400">{MANAGEMENT_API_SCOPES[scope]}</span>
              </span>
            </label>
          ))}
        </fieldset>

        <label className="flex items-start gap-3 text-sm">
          <input type="checkbox" {...form.register('firstParty')} className="mt-1" />
          <span>
            <span className="font-medium">First-party app</span>{' '}
            <span className="text-zinc-600 dark:text-zinc-400">One of the company’s own apps: people are not asked to consent</span>
          </span>
        </label>

        <Button type="submit" disabled={submitting || !ready} className="sm:w-auto">
          {submitting ? 'Saving…' : submitLabel}
        </Button>
      </form>
    </div>
  );
}
