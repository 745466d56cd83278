import type { Metadata } from 'next';
import { AccountSection, PageTitle } from '@/components/account/section';
import { SetPasswordForm } from '@/components/account/set-password-form';
import { ActionButton } from '@/components/forms/action-button';
import { requireSession } from '@/lib/auth/current-session';
import { signInMethodsFor, waysInWithout } from '@/lib/auth/sign-in-methods';
import { config } from '@/lib/config';
import { removePasswordAction, setPasswordAction } from './actions';

export const metadata: Metadata = { title: 'Password' };

export default async function PasswordPage() {
  const session = await requireSession('/account/security/password');
  const methods = await signInMethodsFor(session.user.id);
  return (
    <>
      <PageTitle description="Changing or removing your password signs out your other devices.">Password</PageTitle>
      <AccountSection title={methods.password ? 'Change your password' : 'Set a password'} description={methods.password ? undefined : 'You sign in without a password today. You can add one as another way in.'}>
        <SetPasswordForm minLength={config().password.minLength} hasPassword={methods.password} action={setPasswordAction} />
      </AccountSection>
      {methods.password ? (
        <AccountSection
          title="Go passwordless"
          description={
            waysInWithout(methods, 'password') > 0
              ? 'Remove your password and sign in with an emailed link or code, or a passkey.'
              : 'Confirm your email address or add a passkey first, so you can still sign in without a password.'
          }
        >
          <ActionButton action={removePasswordAction} label="Remove password" pendingLabel="Removing…" variant="danger" />
        </AccountSection>
      ) : null}
    </>
  );
}
