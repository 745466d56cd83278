import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ClientForm } from '@/components/admin/client-form';
import { ActionButton } from '@/components/admin/action-button';
import { DateTime } from '@/components/ui/date-time';
import { SimpleTable } from '@/components/ui/simple-table';
import { listClients } from '@/lib/oidc/client-administration';
import { grantableScopes } from '@/lib/oidc/clients';
import { currentSigningKid, listSigningKeys, RETIRED_KEY_PUBLISHED_DAYS } from '@/lib/oidc/signing-keys';
import { requirePermission } from '@/lib/rbac/check';
import { registerClientAction, rotateSigningKeysAction } from './actions';

export const metadata: Metadata = { title: 'Apps' };

const cell = 'px-4 py-2';

export default async function ClientsPage() {
  const session = await requirePermission('clients:manage', '/admin/clients');
  const [clients, keys, currentKid, scopes] = await Promise.all([listClients(), listSigningKeys(), currentSigningKid(), grantableScopes(session.user.id)]);
  return (
    <div className="space-y-8">
      <PageTitle description="The company’s apps that sign people in with Gatehouse (OpenID Connect), and backends that call APIs with client credentials.">
        Apps
      </PageTitle>
      <SimpleTable
        caption="Registered apps"
        captionHidden
        columns={['App', 'Type', 'Grants', 'State', 'Registered']}
        rows={clients}
        rowKey={(c) => c.clientId}
        rowClassName="align-top"
        empty="No apps yet. Register one below."
        renderRow={(c) => (
          <>
            <td className={cell}>
              <Link href={`/admin/clients/${c.clientId}`} className="font-medium text-brand-ink hover:underline">
                {c.name}
              </Link>
              <p className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{c.clientId}</p>
            </td>
            <td className={cell}>
              {c.type === 'confidential' ? 'Confidential' : 'Public'}
              {c.firstParty ? <span className="block text-zinc-500 dark:text-zinc-400">First-party</span> : null}
            </td>
            <td className={cell}>
              <ul>
                {c.grantTypes.map((g) => (
                  <li key={g}><code className="text-xs">{g}</code></li>
                ))}
              </ul>
            </td>
            <td className={cell}>{c.disabledAt ? 'Disabled' : 'Enabled'}</td>
            <td className={cell}><DateTime value={c.createdAt} withTime={false} /></td>
          </>
        )}
      />
      <AccountSection
        id="register-client"
        title="Register an app"
        description="A confidential app gets a client secret, shown once right after registering; only a hash of it is kept."
      >
        <ClientForm action={registerClientAction} submitLabel="Register app" grantableScopes={scopes} />
      </AccountSection>
      <AccountSection
        id="signing-keys"
        title="Signing keys"
        description={`ID tokens are signed with the newest key. Rotating starts signing with a new one; the old key stays published for ${RETIRED_KEY_PUBLISHED_DAYS} days so tokens it signed keep verifying. You may be asked to confirm it is you.`}
      >
        <SimpleTable
          caption="Signing keys"
          captionHidden
          frame="bare"
          columns={[{ header: 'Key ID', className: 'pl-0' }, 'Algorithm', 'Created', 'State']}
          rows={keys}
          rowKey={(k) => k.kid}
          empty="No key yet: one is made the first time an app uses Gatehouse."
          renderRow={(k) => (
            <>
              <td className={`${cell} pl-0 font-mono text-xs`}>{k.kid}</td>
              <td className={cell}>{k.alg}</td>
              <td className={cell}><DateTime value={k.createdAt} /></td>
              <td className={cell}>
                {k.retiredAt ? (
                  <>
                    Retired <DateTime value={k.retiredAt} />
                    {k.published ? ' (still published)' : ''}
                  </>
                ) : (
                  'Signing'
                )}
              </td>
            </>
          )}
        />
        {currentKid ? <ActionButton action={rotateSigningKeysAction.bind(null, { replacing: currentKid })} label="Rotate signing keys" /> : null}
      </AccountSection>
    </div>
  );
}
