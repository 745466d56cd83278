import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { EmailCodeSignIn } from '@/components/auth/email-code-sign-in';
import { OtherSignInWays } from '@/components/auth/other-ways';
import { requestEmailCodeAction, verifyEmailCodeAction } from '../../actions';

export const metadata: Metadata = { title: 'Sign in with a code' };

export default async function EmailCodePage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <Card title="Sign in with a code" description="We will email you a 6-digit code to type in here.">
      <EmailCodeSignIn next={next} requestCode={requestEmailCodeAction} verifyCode={verifyEmailCodeAction} />
      <OtherSignInWays next={next} except="code" />
    </Card>
  );
}
