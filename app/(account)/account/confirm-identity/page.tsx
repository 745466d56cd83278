import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { ConfirmWithEmailCode, ConfirmWithPassword, ConfirmWithSecondFactor } from '@/components/account/confirm-identity-forms';
import { ConfirmWithPasskey } from '@/components/account/confirm-with-passkey';
import { requireSession } from '@/lib/auth/current-session';
import { stepUpUrl } from '@/lib/auth/step-up';
import { stepUpOptions } from '@/lib/auth/reauthenticate';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { confirmWithCodeAction, confirmWithPasswordAction, confirmWithSecondFactorAction, sendStepUpCodeAction } from './actions';
import { confirmWithPasskeyAction, passkeyStepUpOptionsAction } from './passkey-actions';

export const metadata: Metadata = { title: 'Confirm it is you' };

/** Step-up: sensitive actions, and apps asking for a fresh sign-in (prompt=login, max_age), send people here. */
export default async function ConfirmIdentityPage({ searchParams }: { searchParams: Promise<{ next?: string; reason?: string }> }) {
  const { next: rawNext, reason } = await searchParams;
  const next = safeRedirect(rawNext);
  const session = await requireSession(stepUpUrl(next, reason === 'app' ? 'app' : 'sensitive'));
  const options = await stepUpOptions(session.user.id);
  return (
    <div className="mx-auto max-w-md">
      <Card
        title="Confirm it is you"
        description={
          reason === 'app'
            ? 'The app you are going to asks for a recent sign-in. Confirm who you are to continue.'
            : 'This is a sensitive change, and you signed in a while ago. Confirm who you are to continue.'
        }
      >
        {options.passkey ? <ConfirmWithPasskey next={next} getOptions={passkeyStepUpOptionsAction} confirm={confirmWithPasskeyAction} /> : null}
        {options.authenticator ? <ConfirmWithSecondFactor next={next} action={confirmWithSecondFactorAction} /> : null}
        {options.password ? <ConfirmWithPassword next={next} action={confirmWithPasswordAction} /> : null}
        {options.emailCode ? <ConfirmWithEmailCode next={next} sendCode={sendStepUpCodeAction} confirm={confirmWithCodeAction} /> : null}
      </Card>
    </div>
  );
}
