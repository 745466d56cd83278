import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ConsentPurposeForm } from '@/components/admin/consent-purpose-form';
import { SimpleTable } from '@/components/ui/simple-table';
import { listConsentPurposes } from '@/lib/consent/manage';
import { requirePermission } from '@/lib/rbac/check';
import { createConsentPurposeAction } from './actions';

export const metadata: Metadata = { title: 'Consent' };

export default async function ConsentPage() {
  await requirePermission('consent:manage', '/admin/consent');
  const purposes = await listConsentPurposes();
  return (
    <div className="space-y-8">
      <PageTitle description="What customers accept (documents) and what they may opt in to (purposes). Open one to edit it, publish a new version or see its consent rate over time.">
        Consent
      </PageTitle>
      <SimpleTable
        caption="Consent purposes and documents"
        captionHidden
        columns={['Name', 'Kind', 'Required', 'Active', 'Current version', 'Grant rate now']}
        rows={purposes}
        rowKey={(p) => p.key}
        renderRow={(p) => (
          <>
            <td className="px-4 py-2">
              <Link href={`/admin/consent/${p.key}`} className="font-medium text-brand-ink hover:underline">
                {p.name}
              </Link>
              <div className="text-xs text-zinc-500 dark:text-zinc-400"><code>{p.key}</code></div>
            </td>
            <td className="px-4 py-2">{p.kind === 'document' ? 'Document' : 'Purpose'}</td>
            <td className="px-4 py-2">{p.required ? 'Required' : 'Optional'}</td>
            <td className="px-4 py-2">{p.active ? 'Active' : 'Inactive'}</td>
            <td className="px-4 py-2">
              {p.currentVersion ? `Version ${p.currentVersion.version}, ${p.currentVersion.publishedAt.toISOString().slice(0, 10)}` : '—'}
            </td>
            <td className="px-4 py-2">
              {p.rate === null ? 'No decisions yet' : `${p.rate}% (${p.granted} of ${p.decided})`}
              {p.kind === 'document' && p.currentVersion ? (
                <div className="text-xs text-zinc-500 dark:text-zinc-400">{p.grantedCurrent} accepted the current version</div>
              ) : null}
            </td>
          </>
        )}
      />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        The grant rate counts each person by their latest decision: of everyone who has decided, the share who granted (or accepted).
      </p>
      <AccountSection id="add-purpose" title="Add a purpose" description="A new purpose is offered in customers' privacy settings; a new required document is put to every customer at their next sign-in.">
        <ConsentPurposeForm action={createConsentPurposeAction} />
      </AccountSection>
    </div>
  );
}
