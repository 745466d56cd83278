import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ConnectionForm } from '@/components/admin/connection-form';
import { ActionButton } from '@/components/forms/action-button';
import { Alert } from '@/components/ui/alert';
import { config } from '@/lib/config';
import { requirePermission } from '@/lib/rbac/check';
import { enterpriseProviderId, findConnection } from '@/lib/federation/connections';
import { setConnectionEnabledAction, updateConnectionAction } from '../actions';

export const metadata: Metadata = { title: 'Enterprise connection' };

export default async function ConnectionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string }> }) {
  await requirePermission('connections:manage', '/admin/connections');
  const { id } = await params;
  const { created } = await searchParams;
  const connection = await findConnection(id);
  if (!connection) notFound();
  const callbackUrl = `${config().appUrl}/api/auth/callback/${enterpriseProviderId(connection.id)}`;
  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link href="/admin/connections" className="text-brand-ink hover:underline">← Enterprise connections</Link>
      </p>
      <PageTitle description={connection.enabled ? 'On: people at its domains are sent to this identity provider.' : 'Off: people at its domains sign in like everyone else.'}>
        {connection.name}
      </PageTitle>
      {created ? <Alert tone="success">The connection is added. Give the organisation the callback URL below.</Alert> : null}
      <AccountSection title="Callback URL" description="Register this exact redirect URI for Gatehouse’s client at the identity provider.">
        <code className="block break-all rounded-lg bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800">{callbackUrl}</code>
      </AccountSection>
      <AccountSection title="Settings">
        <ConnectionForm action={updateConnectionAction.bind(null, connection.id)} initial={connection} submitLabel="Save connection" />
      </AccountSection>
      <AccountSection
        title={connection.enabled ? 'Switch off' : 'Switch on'}
        description={connection.enabled ? 'People keep their accounts; they sign in with a password or emailed link until it is switched on again.' : 'Send people at these domains to their identity provider again.'}
      >
        <ActionButton
          action={setConnectionEnabledAction.bind(null, connection.id, !connection.enabled)}
          label={connection.enabled ? 'Switch off connection' : 'Switch on connection'}
          pendingLabel="Saving…"
          variant={connection.enabled ? 'danger' : 'primary'}
        />
      </AccountSection>
    </div>
  );
}
