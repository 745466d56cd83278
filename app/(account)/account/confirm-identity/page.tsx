import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { ConfirmWithEmailCode, ConfirmWithPassword } from '@/components/account/confirm-identity-forms';
import { ConfirmWithPasskey } from '@/components/account/confirm-with-passkey';
import { requireSession } from '@/lib/auth/current-session';
import { hasPasskeys } from '@/lib/auth/passkeys/manage';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { accountOverview } from '@/lib/users/account-overview';
import { confirmWithCodeAction, confirmWithPasswordAction, sendStepUpCodeAction } from './actions';
import { confirmWithPasskeyAction, passkeyStepUpOptionsAction } from './passkey-actions';

export const metadata: Metadata = { title: 'Confirm it is you' };

/** Step-up: sensitive actions send people here when their sign-in is not recent. */
export default async function ConfirmIdentityPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next: rawNext } = await searchParams;
  const next = safeRedirect(rawNext);
  const session = await requireSession(`/account/confirm-identity?next=${encodeURIComponent(next)}`);
  const overview = await accountOverview(session.user.id);
  const withPasskey = await hasPasskeys(session.user.id);
  return (
    <div className="mx-auto max-w-md">
      <Card title="Confirm it is you" description="This is a sensitive change, and you signed in a while ago. Confirm who you are to continue.">
        {withPasskey ? <ConfirmWithPasskey next={next} getOptions={passkeyStepUpOptionsAction} confirm={confirmWithPasskeyAction} /> : null}
        {overview.hasPassword ? <ConfirmWithPassword next={next} action={confirmWithPasswordAction} /> : null}
        <ConfirmWithEmailCode next={next} sendCode={sendStepUpCodeAction} confirm={confirmWithCodeAction} />
      </Card>
    </div>
  );
}
