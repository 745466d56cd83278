import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ConnectionForm } from '@/components/admin/connection-form';
import { SimpleTable } from '@/components/ui/simple-table';
import { requirePermission } from '@/lib/rbac/check';
import { domainsOf, listConnections } from '@/lib/federation/connections';
import { createConnectionAction } from './actions';

export const metadata: Metadata = { title: 'Enterprise connections' };

export default async function ConnectionsPage() {
  await requirePermission('connections:manage', '/admin/connections');
  const connections = await listConnections();
  return (
    <div className="space-y-8">
      <PageTitle description="Customer organisations that sign their people in with their own OpenID Connect identity provider. Whoever types an address at one of a connection’s domains is sent there, and gets an account on first arrival.">
        Enterprise connections
      </PageTitle>
      {connections.length > 0 ? (
        <SimpleTable
          caption="Enterprise connections"
          captionHidden
          columns={['Organisation', 'Domains', 'Issuer', 'Status']}
          rows={connections}
          rowKey={(c) => c.id}
          renderRow={(c) => (
            <>
              <td className="px-4 py-2">
                <Link href={`/admin/connections/${c.id}`} className="font-medium text-brand-ink hover:underline">
                  {c.name}
                </Link>
              </td>
              <td className="px-4 py-2">{domainsOf(c.domains).join(', ')}</td>
              <td className="px-4 py-2"><code className="break-all text-xs">{c.issuer}</code></td>
              <td className="px-4 py-2">{c.enabled ? 'On' : 'Off'}</td>
            </>
          )}
        />
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No organisation signs in through its own identity provider yet.</p>
      )}
      <AccountSection id="add-connection" title="Add a connection" description="Register Gatehouse at the organisation’s identity provider as a confidential OpenID Connect client first; after saving, this page shows the callback URL to give them.">
        <ConnectionForm action={createConnectionAction} submitLabel="Add connection" />
      </AccountSection>
    </div>
  );
}
