import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ConsentRateChart, type ConsentRatePoint } from '@/components/admin/consent-rate-chart';
import { ConsentSettingsForm } from '@/components/admin/consent-settings-form';
import { PublishVersionForm } from '@/components/admin/publish-version-form';
import { DateTime } from '@/components/ui/date-time';
import { SimpleTable } from '@/components/ui/simple-table';
import { findConsentPurpose } from '@/lib/consent/manage';
import { consentRateSeries } from '@/lib/consent/report';
import { requirePermission } from '@/lib/rbac/check';
import { publishConsentVersionAction, updateConsentPurposeAction } from '../actions';

export const metadata: Metadata = { title: 'Consent purpose' };

const REPORT_DAYS = 90;

export default async function ConsentPurposePage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  await requirePermission('consent:manage', `/admin/consent/${key}`);
  const purpose = await findConsentPurpose(key);
  if (!purpose) notFound();
  const series = await consentRateSeries(purpose.id, { days: REPORT_DAYS });
  const versions = purpose.versions.map((v) => v.version).sort((a, b) => a - b);
  const points = series.map((b) => ({
    day: b.day,
    rate: b.rate,
    decided: b.decided,
    granted: b.granted,
    ...Object.fromEntries(versions.map((v) => [`v${v}`, b.grantedByVersion[v] ?? 0])),
  })) as ConsentRatePoint[];
  const latest = series.at(-1)!;
  const isDocument = purpose.kind === 'document';
  const granting = isDocument ? 'accepted' : 'granted';

  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link href="/admin/consent" className="text-brand-ink hover:underline">← All purposes and documents</Link>
      </p>
      <PageTitle
        description={`${isDocument ? 'Document' : 'Purpose'} · ${purpose.required ? 'required' : 'optional'} · ${purpose.active ? 'active' : 'inactive'} · key ${purpose.key}`}
      >
        {purpose.name}
      </PageTitle>

      <AccountSection
        id="rates"
        title="Consent rate over the last 90 days"
        description={`Each day, where people stood at its end (UTC): of everyone who had decided, the share whose latest decision ${granting}, and on which version. Today: ${latest.rate === null ? 'no decisions yet' : `${latest.rate}%, ${latest.granted} of ${latest.decided}`}.`}
      >
        <ConsentRateChart points={points} versions={versions} label={`Consent rate for ${purpose.name} over the last ${REPORT_DAYS} days`} />
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">The same numbers as a table</summary>
          <SimpleTable
            className="mt-3 max-h-96"
            caption={`Consent rate for ${purpose.name} by day, newest first`}
            captionHidden
            frame="bare"
            dense
            columns={['Day', 'Rate', 'Granted', 'Decided', ...versions.map((v) => `On version ${v}`)]}
            rows={[...series].reverse()}
            rowKey={(b) => b.day}
            renderRow={(b) => (
              <>
                <th scope="row" className="px-3 py-1.5 font-normal">{b.day}</th>
                <td className="px-3 py-1.5">{b.rate === null ? '—' : `${b.rate}%`}</td>
                <td className="px-3 py-1.5">{b.granted}</td>
                <td className="px-3 py-1.5">{b.decided}</td>
                {versions.map((v) => (
                  <td key={v} className="px-3 py-1.5">{b.grantedByVersion[v] ?? 0}</td>
                ))}
              </>
            )}
          />
        </details>
      </AccountSection>

      <AccountSection
        id="publish"
        title="Publish a new version"
        description={
          isDocument && purpose.required
            ? 'Everyone who accepted an earlier version is asked to accept this one at their next sign-in.'
            : 'People who granted an earlier version keep their choice; their privacy settings show that the text has changed.'
        }
      >
        <PublishVersionForm action={publishConsentVersionAction.bind(null, purpose.key)} initialTitle={purpose.versions[0]?.title ?? purpose.name} />
      </AccountSection>

      <AccountSection id="settings" title="Settings" description={`Key: ${purpose.key} (cannot change). Kind: ${isDocument ? 'document' : 'purpose'} (cannot change).`}>
        <ConsentSettingsForm
          action={updateConsentPurposeAction.bind(null, purpose.key)}
          initial={{ name: purpose.name, required: purpose.required, active: purpose.active }}
          isDocument={isDocument}
        />
      </AccountSection>

      <AccountSection id="versions" title="Version history">
        <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Versions, newest first">
          {purpose.versions.map((v) => (
            <li key={v.id} className="space-y-1 py-3 text-sm">
              <p className="font-medium">
                Version {v.version}: {v.title}
              </p>
              <p className="text-zinc-500 dark:text-zinc-400">
                Published <DateTime value={v.publishedAt} /> · {v.records} {v.records === 1 ? 'decision' : 'decisions'} recorded on it
              </p>
              <p className="whitespace-pre-line text-zinc-700 dark:text-zinc-300">{v.text}</p>
            </li>
          ))}
        </ol>
      </AccountSection>
    </div>
  );
}
