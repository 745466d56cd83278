import Link from 'next/link';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { DocumentToAccept } from '@/components/privacy/document-to-accept';
import { requireSession } from '@/lib/auth/current-session';
import { outdatedRequiredDocuments } from '@/lib/consent/re-consent';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { signOutAction } from '@/app/(account)/actions';
import { acceptDocumentsAction } from './actions';

export const metadata: Metadata = { title: 'Accept the updated terms' };

/** Re-consent: asked after sign-in (and by the account area) when a required document has a version not yet accepted. */
export default async function AcceptTermsPage({ searchParams }: { searchParams: Promise<{ next?: string; changed?: string }> }) {
  const { next: rawNext, changed } = await searchParams;
  const next = safeRedirect(rawNext);
  const session = await requireSession(`/accept-terms?next=${encodeURIComponent(next)}`);
  const documents = await outdatedRequiredDocuments(session.user.id);
  if (documents.length === 0) redirect(next);
  const updated = documents.every((d) => d.accepted);
  return (
    <Card
      title={updated ? 'We have updated our terms' : 'Accept our terms to continue'}
      description={updated ? 'Please read what changed. To keep using your account, accept the new versions.' : 'To use your account, read and accept these documents.'}
    >
      {changed ? <Alert tone="warning">These documents changed while you were reading. Read the current versions below.</Alert> : null}
      {documents.map((document) => (
        <DocumentToAccept key={document.version.id} document={document} />
      ))}
      <form action={acceptDocumentsAction}>
        {documents.map((document) => (
          <input key={document.version.id} type="hidden" name="versionId" value={document.version.id} />
        ))}
        <input type="hidden" name="next" value={next} />
        <Button type="submit">Accept and continue</Button>
      </form>
      <form action={signOutAction} className="text-center text-sm">
        <p className="text-zinc-600 dark:text-zinc-400">
          Do not agree?{' '}
          <button type="submit" className="font-semibold text-brand-ink underline-offset-4 hover:underline">
            Sign out
          </button>{' '}
          or <Link href="/account/delete" className="font-semibold text-brand-ink underline-offset-4 hover:underline">delete your account</Link>
        </p>
      </form>
    </Card>
  );
}
