import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { ConfirmTokenButton } from '@/components/auth/confirm-token-button';
import { confirmEmailChangeAction } from '../account-actions';

export const metadata: Metadata = { title: 'Confirm your new email address' };

export default async function ConfirmEmailChangePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token = '' } = await searchParams;
  return (
    <Card title="Confirm your new email address" description="Press the button to start using this address for your account.">
      <ConfirmTokenButton token={token} label="Confirm new email address" pendingLabel="Confirming…" action={confirmEmailChangeAction} />
    </Card>
  );
}
