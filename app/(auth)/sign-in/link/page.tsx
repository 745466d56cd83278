import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { EmailRequestForm } from '@/components/auth/email-request-form';
import { OtherSignInWays } from '@/components/auth/other-ways';
import { requestMagicLinkAction } from '../../actions';

export const metadata: Metadata = { title: 'Email me a sign-in link' };

export default async function MagicLinkRequestPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <Card title="Sign in with a link" description="We will email you a link that signs you in. No password needed.">
      <EmailRequestForm next={next} submitLabel="Email me a sign-in link" action={requestMagicLinkAction} />
      <OtherSignInWays next={next} except="link" />
    </Card>
  );
}
