import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { getCurrentSession } from '@/lib/auth/current-session';
import { stepUpUrl } from '@/lib/auth/step-up';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { resumeInteraction } from '@/lib/oidc/interactions';
import { SCOPE_DESCRIPTIONS } from '@/lib/validation/oidc';
import { decideConsentAction } from './actions';

export const metadata: Metadata = { title: 'Continue to the app' };

/**
 * The login and consent steps of an app's sign-in request (oidc-provider sends the browser here).
 * Someone already signed in passes straight through; others sign in first and come back.
 */
export default async function AuthorizePage({ params, searchParams }: { params: Promise<{ uid: string }>; searchParams: Promise<{ error?: string; resume?: string; confirmed?: string }> }) {
  const { uid } = await params;
  const { error, resume, confirmed } = await searchParams;
  const session = await getCurrentSession();
  const step = await resumeInteraction({
    uid,
    cookieHeader: (await headers()).get('cookie') ?? '',
    user: session ? { userId: session.user.id, authMethods: session.authMethods, authenticatedAt: session.authenticatedAt, sessionId: session.sessionId } : null,
  });
  if (step.kind === 'redirect') redirect(step.to);
  if (step.kind === 'accept_terms') redirect(`/accept-terms?next=${encodeURIComponent(`/authorize/${encodeURIComponent(uid)}`)}`);
  if (step.kind === 'confirm_identity') redirect(stepUpUrl(`/authorize/${encodeURIComponent(uid)}`, 'app'));
  if (step.kind === 'sign_in') redirect(`/sign-in?next=${encodeURIComponent(safeRedirect(`/authorize/${encodeURIComponent(uid)}`))}`);
  if (step.kind === 'elsewhere') {
    // First, once, let the browser ask for this page itself: a redirect from a server action arrives
    // without the path-scoped interaction cookie, and the browser's own request carries it.
    if (!resume) redirect(`/authorize/${encodeURIComponent(uid)}?resume=1${confirmed ? '&confirmed=1' : ''}`);
    return (
      <Card title={confirmed ? 'Your email address is confirmed' : `Continue in ${step.clientName}`} description={`This browser did not start the sign-in to ${step.clientName}, so it cannot finish it here.`}>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Go back to {step.clientName} and sign in there{session ? ': you are signed in to Gatehouse in this browser, so it takes one click.' : '.'}
        </p>
        {step.appUrl ? (
          <a href={step.appUrl} className="block w-full rounded-lg bg-brand px-4 py-2.5 text-center text-sm font-semibold text-white shadow-sm transition hover:opacity-90">
            Continue to {step.clientName}
          </a>
        ) : null}
      </Card>
    );
  }
  if (step.kind === 'expired') {
    return (
      <Card title="This sign-in has expired" description="It took too long, or it was already finished. Go back to the app and sign in again.">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing was shared with the app.</p>
      </Card>
    );
  }
  return (
    <Card title={`${step.clientName} wants to use your account`} description={`Signed in as ${session?.user.email}. Allowing this lets ${step.clientName}:`}>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          That did not work. Please try again.
        </p>
      ) : null}
      <ul className="list-disc space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
        {step.scopes.map((scope) => (
          <li key={scope}>{SCOPE_DESCRIPTIONS[scope]}</li>
        ))}
      </ul>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">You will not be asked again for this app unless it asks for more.</p>
      <form action={decideConsentAction} className="space-y-3">
        <input type="hidden" name="uid" value={uid} />
        <Button type="submit" name="decision" value="allow">
          Allow
        </Button>
        <Button type="submit" name="decision" value="deny" variant="secondary">
          Don’t allow
        </Button>
      </form>
    </Card>
  );
}
