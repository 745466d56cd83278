'use client';

import Link from 'next/link';
import { useEffect, useState, type FormEvent } from 'react';
import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { passwordSignInSchema, type PasswordSignInInput } from '@/lib/validation/auth';
import { startFederatedSignIn, type FederatedProvider } from './federated-sign-in';

const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/**
 * Home-realm discovery: while the address is typed, asks whether its domain signs in
 * through an organisation's identity provider, and if so offers that instead of a password.
 */
function useHomeRealm(email: string, discover?: (email: string) => Promise<FederatedProvider | null>) {
  // Kept with the address it answers, so an answer for an earlier address never shows.
  const [found, setFound] = useState<{ email: string; realm: FederatedProvider | null } | null>(null);
  const [declined, setDeclined] = useState<string | null>(null);
  const typed = email.trim();
  useEffect(() => {
    if (!discover || !LOOKS_LIKE_EMAIL.test(typed)) return;
    let current = true;
    const timer = setTimeout(() => {
      discover(typed).then(
        (realm) => current && setFound({ email: typed, realm }),
        () => current && setFound({ email: typed, realm: null }),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [typed, discover]);
  const realm = found?.email === typed && found.realm && declined !== found.realm.id ? found.realm : null;
  return { realm, decline: () => realm && setDeclined(realm.id) };
}

export function PasswordSignInForm({
  next,
  action,
  discover,
  email = '',
}: {
  next?: string;
  action: (v: PasswordSignInInput) => Promise<ActionResult>;
  discover?: (email: string) => Promise<FederatedProvider | null>;
  email?: string;
}) {
  const { form, onSubmit, formError, submitting, ready } = useActionForm<PasswordSignInInput>({
    resolver: zodResolver(passwordSignInSchema) as never,
    defaultValues: { email, password: '', next },
    action,
  });
  const { register, formState } = form;
  const errors = formState.errors;
  const typed = form.watch('email') ?? '';
  const { realm, decline } = useHomeRealm(typed, discover);
  const [leaving, setLeaving] = useState(false);
  const goToRealm = (event: FormEvent) => {
    event.preventDefault();
    if (!realm) return;
    setLeaving(true);
    void startFederatedSignIn(realm, next, typed.trim());
  };
  return (
    <form onSubmit={realm ? goToRealm : onSubmit} method="post" noValidate className="space-y-5">
      {formError && !realm ? <Alert tone="error">{formError}</Alert> : null}
      {/* "webauthn" lets the browser offer saved passkeys in this field's autofill (see PasskeySignIn). */}
      <Field id="email" label="Email address" error={errors.email?.message}>
        <input {...describedBy('email', errors.email?.message)} {...register('email')} type="email" autoComplete="username webauthn" className={inputClass} />
      </Field>
      {realm ? (
        <>
          <Alert tone="info">Your organisation, {realm.name}, signs you in. You will continue on its sign-in page.</Alert>
          <Button type="submit" disabled={leaving}>
            {leaving ? `Opening ${realm.name}…` : `Continue with ${realm.name}`}
          </Button>
          <div className="text-center text-sm">
            <Button type="button" variant="link" onClick={decline}>
              Use my password instead
            </Button>
          </div>
        </>
      ) : (
        <>
          <Field id="password" label="Password" error={errors.password?.message}>
            <input {...describedBy('password', errors.password?.message)} {...register('password')} type="password" autoComplete="current-password" className={inputClass} />
          </Field>
          <div className="flex justify-end text-sm">
            <Link href="/reset-password" className="text-brand-ink underline-offset-4 hover:underline">
              Forgot your password?
            </Link>
          </div>
          <Button type="submit" disabled={submitting || !ready}>
            {submitting ? 'Signing in…' : 'Sign in'}
          </Button>
        </>
      )}
    </form>
  );
}
