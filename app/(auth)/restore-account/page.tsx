import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { ConfirmTokenButton } from '@/components/auth/confirm-token-button';
import { restoreOffer } from '@/lib/users/deletion';
import { restoreAccountAction } from '../account-actions';

export const metadata: Metadata = { title: 'Restore your account' };

/** Reached from sign-in when the account is closed and waiting for erasure. */
export default async function RestoreAccountPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token = '' } = await searchParams;
  const offer = await restoreOffer(token);
  if (!offer) {
    return (
      <Card title="This link has expired" description="Sign in again to restore your account.">
        <Link href="/sign-in" className="font-semibold text-brand-ink underline">Sign in</Link>
      </Card>
    );
  }
  return (
    <Card title="Your account is scheduled for deletion" description={`You closed this account. It will be erased on ${offer.erasesOn}. Restore it to keep using it.`}>
      <ConfirmTokenButton token={token} label="Restore my account" pendingLabel="Restoring…" action={restoreAccountAction} />
      <p className="text-center text-sm">
        <Link href="/sign-in" className="text-brand-ink underline-offset-4 hover:underline">Keep it closed</Link>
      </p>
    </Card>
  );
}
