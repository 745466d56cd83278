import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ActivityList } from '@/components/account/activity-list';
import { requireSession } from '@/lib/auth/current-session';
import { accountActivity } from '@/lib/audit/activity';

export const metadata: Metadata = { title: 'Activity' };

export default async function ActivityPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const session = await requireSession('/account/activity');
  const { before } = await searchParams;
  const { events, older } = await accountActivity(session.user.id, { before });
  return (
    <>
      <PageTitle description="Sign-ins and changes to your account, newest first. If something looks unfamiliar, change your password and sign out your other devices.">
        Activity
      </PageTitle>
      <AccountSection title={before ? 'Earlier activity' : 'Recent activity'}>
        <ActivityList events={events} />
        <nav aria-label="Activity pages" className="flex gap-6 text-sm font-semibold">
          {before ? (
            <Link href="/account/activity" className="text-brand-ink underline-offset-4 hover:underline">
              Back to the newest
            </Link>
          ) : null}
          {older ? (
            <Link href={`/account/activity?before=${encodeURIComponent(older)}`} className="text-brand-ink underline-offset-4 hover:underline">
              Show older
            </Link>
          ) : null}
        </nav>
      </AccountSection>
    </>
  );
}
