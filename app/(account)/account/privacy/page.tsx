import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ConnectedApps } from '@/components/privacy/connected-apps';
import { ConsentChoices } from '@/components/privacy/consent-choices';
import { ConsentHistory } from '@/components/privacy/consent-history';
import { DocumentsAccepted } from '@/components/privacy/documents-accepted';
import { Alert } from '@/components/ui/alert';
import { requireSession } from '@/lib/auth/current-session';
import { consentHistory, consentState } from '@/lib/consent/state';
import { connectedApps } from '@/lib/oidc/connected-apps';
import { describeWait } from '@/lib/rate-limit/limiters';
import { changeConsentAction, removeConnectedAppAction } from './actions';

export const metadata: Metadata = { title: 'Privacy' };

const PATH = '/account/privacy';
/** The page shows the recent history; the export has all of it. */
const HISTORY_SHOWN = 100;

type SearchParams = Promise<{ changed?: string; error?: string; export?: string; wait?: string; removed?: string }>;

export default async function PrivacyPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireSession(PATH);
  const params = await searchParams;
  const [state, history, apps] = await Promise.all([
    consentState(session.user.id),
    consentHistory(session.user.id, { take: HISTORY_SHOWN }),
    connectedApps(session.user.id),
  ]);
  const changed = state.purposes.find((p) => p.key === params.changed);
  return (
    <>
      <PageTitle description="Choose how we may use your data, see every choice you have made, and take a copy of everything we hold about you.">
        Privacy
      </PageTitle>
      {changed ? <Alert tone="success">{`${changed.name} is now ${changed.granted ? 'on' : 'off'}. Your choice is recorded below.`}</Alert> : null}
      {params.error === 'app' ? <Alert tone="error">That app no longer has access to your account. Reload the page to see your connected apps.</Alert> : null}
      {params.error && params.error !== 'app' ? <Alert tone="error">That choice could not be saved. Reload the page and try again.</Alert> : null}

      <AccountSection id="choices" title="Your choices" description="Each takes effect at once, and you can change your mind at any time.">
        <ConsentChoices purposes={state.purposes} action={changeConsentAction} />
      </AccountSection>

      <AccountSection
        id="connected-apps"
        title="Connected apps"
        description="Apps you signed in to with your account, and what you allowed each to see. Removing access stops its tokens working at once; it asks you again the next time you sign in to it."
      >
        {params.removed === 'app' ? <Alert tone="success">The app no longer has access to your account.</Alert> : null}
        <ConnectedApps apps={apps} remove={removeConnectedAppAction} />
      </AccountSection>

      <AccountSection id="documents" title="Terms and notices" description="The documents you accepted to use your account.">
        <DocumentsAccepted documents={state.documents} />
      </AccountSection>

      <AccountSection
        id="history"
        title="History of your choices"
        description={history.length === HISTORY_SHOWN ? `Your ${HISTORY_SHOWN} most recent choices; your data download has all of them.` : 'Every choice you have made, newest first.'}
      >
        <ConsentHistory entries={history} />
      </AccountSection>

      <AccountSection id="your-data" title="Your data">
        {params.export === 'limited' ? (
          <Alert tone="warning">{`You have downloaded your data several times in the last hour. Try again in ${describeWait(Number(params.wait) || 60)}.`}</Alert>
        ) : null}
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            A file (JSON) with everything we hold about you: your profile, how you sign in (never your passwords or keys), your devices, your
            choices and your account activity. You may be asked to confirm it is you first.
          </p>
          <form method="post" action={`${PATH}/export`} className="shrink-0">
            <button type="submit" className="rounded-lg bg-brand px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:opacity-90">
              Download my data
            </button>
          </form>
        </div>
        <ul className="flex flex-wrap gap-x-6 gap-y-2 text-sm font-semibold">
          <li>
            <Link href="/account/activity" className="text-brand-ink underline-offset-4 hover:underline">
              See your account activity
            </Link>
          </li>
          <li>
            <Link href="/account/delete" className="text-red-700 underline-offset-4 hover:underline dark:text-red-400">
              Delete your account
            </Link>
          </li>
        </ul>
      </AccountSection>
    </>
  );
}
