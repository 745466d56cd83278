import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { PasswordSignInForm } from '@/components/auth/password-sign-in-form';
import { OtherSignInWays } from '@/components/auth/other-ways';
import { PasskeySignIn } from '@/components/auth/passkey-sign-in';
import { config } from '@/lib/config';
import { passwordSignInAction } from '../actions';
import { passkeySignInAction, passkeySignInOptionsAction } from '../passkey-actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <Card title={`Sign in to ${config().brand.name}`}>
      <PasswordSignInForm next={next} action={passwordSignInAction} />
      <PasskeySignIn next={next} getOptions={passkeySignInOptionsAction} signIn={passkeySignInAction} />
      <OtherSignInWays next={next} except="password" />
    </Card>
  );
}
