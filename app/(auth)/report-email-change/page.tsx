import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { ConfirmTokenButton } from '@/components/auth/confirm-token-button';
import { reportEmailChangeAction } from '../account-actions';

export const metadata: Metadata = { title: 'Stop an email change' };

export default async function ReportEmailChangePage({ searchParams }: { searchParams: Promise<{ token?: string; done?: string }> }) {
  const { token = '', done } = await searchParams;
  if (done === 'restored') {
    return (
      <Card
        title="Your email address is back"
        description="Your account uses this address again. Every device and app has been signed out, and the passkeys, authenticator apps, linked accounts and any password added since the change was asked for are removed."
      >
        <p className="text-sm">
          <Link href="/sign-in" className="font-semibold text-brand-ink underline">Sign in again</Link> with this address (an emailed link or code works if your password was changed), then check your security settings.
        </p>
      </Card>
    );
  }
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
    <Card title="Was this not you?" description="Stop the email change, or undo it if it already happened, and sign every device out of your account.">
      <ConfirmTokenButton token={token} label="Stop the change and sign everyone out" pendingLabel="Securing your account…" action={reportEmailChangeAction} />
    </Card>
  );
}
