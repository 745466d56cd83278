import type { Metadata } from 'next';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ActionButton } from '@/components/forms/action-button';
import { requireSession } from '@/lib/auth/current-session';
import { linkedAccounts } from '@/lib/users/linked-accounts';
import { providerNames } from '@/lib/federation/providers';
import { unlinkAccountAction } from './actions';

export const metadata: Metadata = { title: 'Linked accounts' };

export default async function LinkedAccountsPage() {
  const session = await requireSession('/account/security/linked-accounts');
  const accounts = await linkedAccounts(session.user.id);
  const names = await providerNames(accounts.map((a) => a.provider));
  return (
    <>
      <PageTitle description="Accounts at other providers (social or your organisation) that sign you in here.">Linked accounts</PageTitle>
      {accounts.length === 0 ? (
        <AccountSection title="No linked accounts" description="When you sign in with another provider, it appears here and you can unlink it." />
      ) : (
        accounts.map((a) => (
          <AccountSection key={a.id} title={names[a.provider] ?? a.provider} description={`Linked on ${a.createdAt.toISOString().slice(0, 10)} · account ${a.providerAccountId}`}>
            <ActionButton action={unlinkAccountAction.bind(null, a.id)} label={`Unlink ${names[a.provider] ?? a.provider}`} pendingLabel="Unlinking…" />
          </AccountSection>
        ))
      )}
    </>
  );
}
