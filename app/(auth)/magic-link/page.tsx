import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { ConfirmTokenButton } from '@/components/auth/confirm-token-button';
import { magicLinkAction } from '../actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function MagicLinkPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token = '' } = await searchParams;
  return (
    <Card title="Finish signing in" description="Press the button to sign in on this device.">
      <ConfirmTokenButton token={token} label="Sign in" pendingLabel="Signing in…" action={magicLinkAction} />
    </Card>
  );
}
