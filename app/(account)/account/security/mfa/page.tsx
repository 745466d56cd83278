import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountSection, PageTitle } from '@/components/account/section';
import { FreshRecoveryCodes } from '@/components/account/fresh-recovery-codes';
import { TwoStepSetup } from '@/components/account/two-step-setup';
import { RegenerateRecoveryCodes, TurnOffTwoStep } from '@/components/account/two-step-controls';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { requireSession } from '@/lib/auth/current-session';
import { pendingTotpSetup, twoStepStatus } from '@/lib/auth/mfa/enrolment';
import { RECOVERY_CODE_COUNT } from '@/lib/auth/mfa/recovery-codes';
import { isRecentlyAuthenticated } from '@/lib/auth/step-up';
import { config } from '@/lib/config';
import { confirmTotpSetupAction, regenerateRecoveryCodesAction, startTotpSetupAction, turnOffTwoStepAction } from './actions';

export const metadata: Metadata = { title: 'Two-step verification' };

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long' });

export default async function TwoStepVerificationPage({ searchParams }: { searchParams: Promise<{ 'turned-off'?: string }> }) {
  const session = await requireSession('/account/security/mfa');
  const { 'turned-off': turnedOff } = await searchParams;
  const status = await twoStepStatus(session.user.id);
  // The secret of a setup in progress is only shown to a recently authenticated session.
  const setup = !status.enabled && isRecentlyAuthenticated(session) ? await pendingTotpSetup(session.user.id) : null;
  const brandName = config().brand.name;
  const accountName = session.user.email;

  return (
    <>
      <div className="text-sm">
        <Link href="/account/security" className="text-brand-ink underline-offset-4 hover:underline">
          ← Security
        </Link>
      </div>
      <PageTitle description="When it is on, signing in asks for a code from an app on your phone as well as your password or emailed link.">
        Two-step verification
      </PageTitle>
      {turnedOff && !status.enabled ? <Alert tone="info">Two-step verification is off.</Alert> : null}

      <AccountSection id="status" title="Status">
        {status.enabled ? (
          <p>
            <strong className="font-semibold text-emerald-700 dark:text-emerald-400">On</strong>
            {status.enabledAt ? ` since ${dateFormat.format(status.enabledAt)}` : null}. Signing in asks for a code from your authenticator app.
          </p>
        ) : (
          <p>
            <strong className="font-semibold">Off.</strong> Signing in needs only your password or an emailed link or code.
          </p>
        )}
      </AccountSection>

      <FreshRecoveryCodes brandName={brandName} accountName={accountName}>
        {!status.enabled ? (
          <AccountSection id="set-up" title="Set up an authenticator app" description="You will need your phone with an authenticator app. It takes about a minute.">
            {setup ? (
              <TwoStepSetup setup={setup} brandName={brandName} accountName={accountName} confirm={confirmTotpSetupAction} />
            ) : (
              <form action={startTotpSetupAction}>
                <Button type="submit" className="sm:w-auto">
                  Set up an authenticator app
                </Button>
              </form>
            )}
          </AccountSection>
        ) : (
          <>
            <AccountSection
              id="recovery-codes"
              title="Recovery codes"
              description={`If you lose your phone, each recovery code signs you in once instead of a code from the app. ${status.recoveryCodesLeft} of ${RECOVERY_CODE_COUNT} unused.`}
            >
              {status.recoveryCodesLeft <= 3 ? <Alert tone="warning">You are running out of recovery codes. Generate new ones.</Alert> : null}
              <p className="text-sm text-zinc-600 dark:text-zinc-400">Generating new codes makes all of your old ones stop working.</p>
              <RegenerateRecoveryCodes action={regenerateRecoveryCodesAction} />
            </AccountSection>
            <AccountSection id="turn-off" title="Turn off two-step verification" description="Signing in will need only your password or an emailed link or code.">
              <TurnOffTwoStep action={turnOffTwoStepAction} />
            </AccountSection>
          </>
        )}
      </FreshRecoveryCodes>
    </>
  );
}
