import type { Metadata } from 'next';
import { AccountSection, PageTitle } from '@/components/account/section';
import { DeleteAccountForm } from '@/components/account/delete-account-form';
import { requireSession } from '@/lib/auth/current-session';
import { requireRecentAuthentication } from '@/lib/auth/step-up';
import { config } from '@/lib/config';
import { deleteAccountAction } from './actions';

export const metadata: Metadata = { title: 'Delete your account' };

export default async function DeleteAccountPage() {
  const session = await requireSession('/account/delete');
  requireRecentAuthentication(session, '/account/delete');
  const days = config().deletionGraceDays;
  return (
    <>
      <PageTitle>Delete your account</PageTitle>
      <AccountSection
        title="What happens"
        description={`Your account closes at once and every device is signed out. After ${days} days your personal data is erased for good: profile, sign-in methods, consents and history. Until then you can sign in and restore it.`}
      >
        <DeleteAccountForm action={deleteAccountAction} />
      </AccountSection>
    </>
  );
}
