import type { Metadata } from 'next';
import { AccountSection, PageTitle } from '@/components/account/section';
import { RetentionPolicyForm } from '@/components/admin/retention-policy-form';
import { ActionButton } from '@/components/forms/action-button';
import { DateTime } from '@/components/ui/date-time';
import { SimpleTable } from '@/components/ui/simple-table';
import { config } from '@/lib/config';
import { requirePermission } from '@/lib/rbac/check';
import { CATEGORY_DESCRIPTIONS, describeCount, type RetentionCategory } from '@/lib/retention/catalogue';
import { listRetentionPolicies, retentionRunHistory } from '@/lib/retention/policies';
import { dryRunPolicyAction, runPolicyAction, savePolicyAction } from './actions';

export const metadata: Metadata = { title: 'Retention' };

const TRIGGERS: Record<string, string> = { manual: 'Run now', schedule: 'Schedule', cli: 'Command line' };
const DETAIL_LABELS: Record<string, string> = {
  skippedLegalHold: 'skipped for legal hold',
  keptToPreserveChain: 'kept to keep the chain whole',
  keptUndelivered: 'kept until delivered',
  batches: 'batches',
};
const HIDDEN_DETAILS = new Set(['keepDays', 'action', 'anchorHash']);

function detailsText(details: Record<string, number | string>) {
  return Object.entries(details)
    .filter(([key, value]) => !HIDDEN_DETAILS.has(key) && value !== 0)
    .map(([key, value]) => (key === 'anchorSequence' ? `log now starts after event ${value}` : `${DETAIL_LABELS[key] ?? key} ${value}`))
    .join(' · ');
}

export default async function RetentionPage() {
  await requirePermission('retention:manage', '/admin/retention');
  const [policies, runs] = await Promise.all([listRetentionPolicies(), retentionRunHistory()]);
  const interval = config().retentionIntervalMinutes;
  return (
    <div className="space-y-8">
      <PageTitle
        description={
          <>
            How long each kind of record is kept. Enabled policies run{' '}
            {interval ? `every ${interval} minutes on the server` : 'only when started (the in-process schedule is off)'}, and with{' '}
            <code>npm run retention:run</code> from cron. People under legal hold are always skipped. Try a dry run first: it counts and changes nothing.
          </>
        }
      >
        Retention
      </PageTitle>

      {policies.map((policy) => {
        const category = policy.category as RetentionCategory;
        const about = CATEGORY_DESCRIPTIONS[category];
        const lastRun = policy.lastRun;
        return (
          <AccountSection key={policy.id} id={`policy-${category}`} title={about.title} description={about.explanation}>
            <p className="text-sm">
              <span
                className={`mr-2 inline-block rounded-full px-2 py-0.5 text-xs font-medium ${policy.enabled ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200' : 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'}`}
              >
                {policy.enabled ? 'Enabled' : 'Disabled'}
              </span>
              Keeps {policy.keepDays} days, then {policy.action === 'anonymise' ? 'anonymises' : 'deletes'}. Last run:{' '}
              {lastRun ? (
                <>
                  <DateTime value={lastRun.startedAt} /> ({lastRun.dryRun ? 'dry run, ' : ''}
                  {lastRun.status === 'completed' ? describeCount(category, policy.action, lastRun.affected, lastRun.dryRun).replace(/\.$/, '') : lastRun.status})
                </>
              ) : (
                'never'
              )}
              .
            </p>
            <RetentionPolicyForm action={savePolicyAction} policy={{ category, keepDays: policy.keepDays, action: policy.action, enabled: policy.enabled }} />
            <div className="flex flex-wrap items-start gap-4 border-t border-zinc-100 pt-4 dark:border-zinc-800">
              <ActionButton action={dryRunPolicyAction.bind(null, policy.id)} label="Dry run" pendingLabel="Counting…" />
              {policy.enabled ? <ActionButton action={runPolicyAction.bind(null, policy.id)} label="Run now" pendingLabel="Running…" variant="danger" /> : null}
            </div>
          </AccountSection>
        );
      })}

      <SimpleTable
        caption="Run history, newest first"
        columns={['When', 'Policy', 'Trigger', 'Who', 'Dry run', 'Records', 'Status']}
        rows={runs}
        rowKey={(run) => run.id}
        rowClassName="align-top"
        empty="No runs yet."
        renderRow={(run) => (
          <>
            <td className="whitespace-nowrap px-4 py-2">
              <DateTime value={run.startedAt} />
            </td>
            <td className="px-4 py-2">{CATEGORY_DESCRIPTIONS[run.category as RetentionCategory]?.title ?? run.category}</td>
            <td className="px-4 py-2">{TRIGGERS[run.trigger] ?? run.trigger}</td>
            <td className="px-4 py-2 break-all">{run.startedBy ?? 'System'}</td>
            <td className="px-4 py-2">{run.dryRun ? 'Yes' : 'No'}</td>
            <td className="px-4 py-2">
              {run.affected}
              {detailsText(run.details) ? <span className="block text-xs text-zinc-500">{detailsText(run.details)}</span> : null}
            </td>
            <td className="px-4 py-2">
              {run.status}
              {run.error ? <span className="block text-xs text-red-700 dark:text-red-400">{run.error}</span> : null}
            </td>
          </>
        )}
      />
    </div>
  );
}
