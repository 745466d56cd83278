import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { PasswordSignInForm } from '@/components/auth/password-sign-in-form';
import { OtherSignInWays } from '@/components/auth/other-ways';
import { config } from '@/lib/config';
import { passwordSignInAction } from '../actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <Card title={`Sign in to ${config().brand.name}`}>
      <PasswordSignInForm next={next} action={passwordSignInAction} />
      <OtherSignInWays next={next} except="password" />
    </Card>
  );
}
