import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { Alert } from '@/components/ui/alert';
import { PasswordSignInForm } from '@/components/auth/password-sign-in-form';
import { OtherSignInWays } from '@/components/auth/other-ways';
import { PasskeySignIn } from '@/components/auth/passkey-sign-in';
import { SocialSignIn } from '@/components/auth/federated-sign-in';
import { config } from '@/lib/config';
import { configuredSocialProviders } from '@/lib/federation/providers';
import { passwordSignInAction } from '../actions';
import { discoverHomeRealmAction } from '../federation-actions';
import { passkeySignInAction, passkeySignInOptionsAction } from '../passkey-actions';

export const metadata: Metadata = { title: 'Sign in' };

/** Why a sign-in through another provider came back here; Auth.js's own codes get the general answer. */
const FEDERATION_ERRORS: Record<string, string> = {
  federation_no_email: 'That provider did not share an email address with us, so we cannot sign you in with it.',
  federation_email_unverified:
    'That provider has not confirmed your email address, so we cannot create an account from it. Confirm the address with the provider and try again, or create an account with your email first: continuing with the provider afterwards offers to link it.',
  federation_inactive: 'This account is not active. Contact support if you think this is a mistake.',
  federation_domain_not_allowed: 'Your organisation’s sign-in service vouched for an address outside its own domains, so we could not accept it.',
  federation_connection_disabled: 'Signing in through your organisation is switched off. Sign in another way.',
};
const GENERAL_ERROR = 'Signing in with that provider did not work. Try again, or sign in another way.';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  return (
    <Card title={`Sign in to ${config().brand.name}`}>
      {error ? <Alert tone="error">{FEDERATION_ERRORS[error] ?? GENERAL_ERROR}</Alert> : null}
      <PasswordSignInForm next={next} action={passwordSignInAction} discover={discoverHomeRealmAction} />
      <PasskeySignIn next={next} getOptions={passkeySignInOptionsAction} signIn={passkeySignInAction} />
      <SocialSignIn providers={configuredSocialProviders()} next={next} />
      <OtherSignInWays next={next} except="password" />
    </Card>
  );
}
