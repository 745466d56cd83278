import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { ConfirmTokenButton } from '@/components/auth/confirm-token-button';
import { reportEmailChangeAction } from '../account-actions';

export const metadata: Metadata = { title: 'Stop an email change' };

export default async function ReportEmailChangePage({ searchParams }: { searchParams: Promise<{ token?: string; done?: string }> }) {
  const { token = '', done } = await searchParams;
  if (done) {
    return (
      <Card title="The change is stopped" description="Your email address stays as it was, and every device has been signed out.">
        <p className="text-sm">
          Next, <Link href="/reset-password" className="font-semibold text-brand-ink underline">reset your password</Link> so whoever asked for the change cannot sign in again.
        </p>
      </Card>
    );
  }
  return (
    <Card title="Was this not you?" description="Stop the email change and sign every device out of your account.">
      <ConfirmTokenButton token={token} label="Stop the change and sign everyone out" pendingLabel="Securing your account…" action={reportEmailChangeAction} />
    </Card>
  );
}
