import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ClientForm } from '@/components/admin/client-form';
import { ActionButton } from '@/components/admin/action-button';
import { DateTime } from '@/components/ui/date-time';
import { listClients } from '@/lib/oidc/client-administration';
import { currentSigningKid, listSigningKeys, RETIRED_KEY_PUBLISHED_DAYS } from '@/lib/oidc/signing-keys';
import { requirePermission } from '@/lib/rbac/check';
import { registerClientAction, rotateSigningKeysAction } from './actions';

export const metadata: Metadata = { title: 'Apps' };

const cell = 'px-4 py-2';

export default async function ClientsPage() {
  await requirePermission('clients:manage', '/admin/clients');
  const [clients, keys, currentKid] = await Promise.all([listClients(), listSigningKeys(), currentSigningKid()]);
  return (
    <div className="space-y-8">
      <PageTitle description="The company’s apps that sign people in with Gatehouse (OpenID Connect), and backends that call APIs with client credentials.">
        Apps
      </PageTitle>
      <div className="overflow-x-auto rounded-2xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Registered apps</caption>
          <thead className="text-zinc-500 dark:text-zinc-400">
            <tr>
              <th scope="col" className={`${cell} font-medium`}>App</th>
              <th scope="col" className={`${cell} font-medium`}>Type</th>
              <th scope="col" className={`${cell} font-medium`}>Grants</th>
              <th scope="col" className={`${cell} font-medium`}>State</th>
              <th scope="col" className={`${cell} font-medium`}>Registered</th>
            </tr>
          </thead>
          <tbody>
            {clients.length === 0 ? (
              <tr className="border-t border-zinc-100 dark:border-zinc-800">
                <td colSpan={5} className="px-4 py-6 text-center text-zinc-600 dark:text-zinc-400">No apps yet. Register one below.</td>
              </tr>
            ) : null}
            {clients.map((c) => (
              <tr key={c.clientId} className="border-t border-zinc-100 align-top dark:border-zinc-800">
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
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AccountSection
        id="register-client"
        title="Register an app"
        description="A confidential app gets a client secret, shown once right after registering; only a hash of it is kept."
      >
        <ClientForm action={registerClientAction} submitLabel="Register app" />
      </AccountSection>
      <AccountSection
        id="signing-keys"
        title="Signing keys"
        description={`ID tokens are signed with the newest key. Rotating starts signing with a new one; the old key stays published for ${RETIRED_KEY_PUBLISHED_DAYS} days so tokens it signed keep verifying. You may be asked to confirm it is you.`}
      >
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Signing keys</caption>
            <thead className="text-zinc-500 dark:text-zinc-400">
              <tr>
                <th scope="col" className={`${cell} pl-0 font-medium`}>Key ID</th>
                <th scope="col" className={`${cell} font-medium`}>Algorithm</th>
                <th scope="col" className={`${cell} font-medium`}>Created</th>
                <th scope="col" className={`${cell} font-medium`}>State</th>
              </tr>
            </thead>
            <tbody>
              {keys.length === 0 ? (
                <tr className="border-t border-zinc-100 dark:border-zinc-800">
                  <td colSpan={4} className="py-4 text-zinc-600 dark:text-zinc-400">No key yet: one is made the first time an app uses Gatehouse.</td>
                </tr>
              ) : null}
              {keys.map((k) => (
                <tr key={k.kid} className="border-t border-zinc-100 dark:border-zinc-800">
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {currentKid ? <ActionButton action={rotateSigningKeysAction.bind(null, { replacing: currentKid })} label="Rotate signing keys" /> : null}
      </AccountSection>
    </div>
  );
}
