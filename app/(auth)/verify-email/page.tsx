import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { ConfirmTokenButton } from '@/components/auth/confirm-token-button';
import { verifyEmailAction } from '../actions';

export const metadata: Metadata = { title: 'Confirm your email address' };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token = '' } = await searchParams;
  return (
    <Card title="Confirm your email address" description="Press the button to confirm this address and continue.">
      <ConfirmTokenButton token={token} label="Confirm email address" pendingLabel="Confirming…" action={verifyEmailAction} />
    </Card>
  );
}
