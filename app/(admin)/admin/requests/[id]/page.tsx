import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccountSection } from '@/components/account/section';
import { AssignRequestForm } from '@/components/admin/assign-request-form';
import { ConfirmErasureForm } from '@/components/admin/confirm-erasure-form';
import { RejectRequestForm } from '@/components/admin/reject-request-form';
import { RequestEvidence } from '@/components/admin/request-evidence';
import { ActionButton } from '@/components/forms/action-button';
import { Alert } from '@/components/ui/alert';
import { requestHandlers } from '@/lib/dsr/queue';
import { requestDetail } from '@/lib/dsr/request-detail';
import { currentUserCan, requirePermission } from '@/lib/rbac/check';
import { staffMayActOn } from '@/lib/rbac/hierarchy';
import { ACTIVE_DSR_STATUSES, DSR_SOURCE_LABELS, DSR_STATUS_LABELS, requestIdSchema } from '@/lib/validation/dsr';
import { assignRequestAction, rejectRequestAction, runErasureAction, runExportAction, startRequestAction } from '../actions';

export const metadata: Metadata = { title: 'Data request' };

const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');
const day = (d: Date) => d.toISOString().slice(0, 10);

export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requirePermission('dsr:process', `/admin/requests/${encodeURIComponent(id)}`);
  if (!requestIdSchema.safeParse(id).success) notFound();
  const detail = await requestDetail(id);
  if (!detail) notFound();
  const { request, subject, timeline, evidence } = detail;
  const active = (ACTIVE_DSR_STATUSES as string[]).includes(request.status);
  const [handlers, canSeeUsers, reach] = await Promise.all([
    active ? requestHandlers() : [],
    currentUserCan('users:read'),
    // The export and the erasure refuse a subject above the viewer (lib/rbac/hierarchy.ts): say so instead of offering them.
    subject ? staffMayActOn(session.user.id, subject.id) : ({ ok: true } as const),
  ]);
  const kind = request.type === 'erasure' ? 'Erasure request' : 'Access request';

  return (
    <section className="space-y-6">
      <div>
        <Link href="/admin/requests" className="text-sm text-brand-ink hover:underline">← Data requests</Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{kind}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{request.subjectEmail}</p>
      </div>

      {request.overdue ? <Alert tone="warning">{`Overdue: this request was due on ${day(request.dueAt)}.`}</Alert> : null}
      {subject?.legalHold ? (
        <Alert tone="warning">{`This customer is under legal hold${subject.legalHoldReason ? ` (${subject.legalHoldReason})` : ''}: their data cannot be erased until the hold is lifted.`}</Alert>
      ) : null}
      {active && request.type === 'erasure' && subject?.status === 'pending_deletion' && subject.deletionScheduledAt ? (
        <Alert tone="info">{`The customer closed their account themselves; it is erased automatically on ${day(subject.deletionScheduledAt)}. Running the erasure now ends their chance to restore it.`}</Alert>
      ) : null}

      <AccountSection id="subject" title="Request">
        <dl className="grid gap-3 text-sm sm:grid-cols-2">
          {([
            ['Subject', subject && canSeeUsers ? <Link key="s" href={`/admin/users/${subject.id}`} className="text-brand-ink underline-offset-4 hover:underline">{subject.email}</Link> : request.subjectEmail],
            ['Status', `${DSR_STATUS_LABELS[request.status] ?? request.status}${request.overdue ? ' (Overdue)' : ''}`],
            ['Source', DSR_SOURCE_LABELS[request.source] ?? request.source],
            ['Due', day(request.dueAt)],
            ['Filed', `${when(request.createdAt)}${detail.filedBy ? ` by ${detail.filedBy}` : ''}`],
            ['Assignee', detail.assignee ?? 'Unassigned'],
            ['Finished', when(request.completedAt)],
            ['Account', subject ? subject.status.replace('_', ' ') : 'No longer exists'],
          ] as [string, React.ReactNode][]).map(([term, value]) => (
            <div key={term}>
              <dt className="text-zinc-500">{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {request.notes ? (
          <div className="text-sm">
            <h3 className="font-medium">Notes</h3>
            <p className="whitespace-pre-line text-zinc-700 dark:text-zinc-300">{request.notes}</p>
          </div>
        ) : null}
      </AccountSection>

      <AccountSection id="timeline" title="Timeline">
        <ol aria-label="Timeline" className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {timeline.map((t, i) => (
            <li key={i} className="py-2">
              <span className={`font-medium ${t.failed ? 'text-red-700 dark:text-red-400' : ''}`}>{t.step}</span>
              {t.detail ? ` ${t.detail}` : ''}
              {t.by ? ` · by ${t.by}` : ''}
              <span className="text-zinc-500"> · {when(t.at)}</span>
            </li>
          ))}
        </ol>
      </AccountSection>

      {active ? (
        <>
          <AccountSection id="assign" title="Assignee" description="Only people whose role lets them process data requests are listed.">
            <AssignRequestForm action={assignRequestAction.bind(null, request.id)} viewerId={session.user.id} current={request.assigneeId} handlers={handlers} />
          </AccountSection>
          <AccountSection id="actions" title="Complete the request">
            {reach.ok ? null : (
              <Alert tone="warning">
                <span className="font-medium">You cannot complete this request.</span> {reach.error}
              </Alert>
            )}
            {!reach.ok ? null : request.status === 'open' ? (
              <ActionButton action={startRequestAction.bind(null, request.id)} label="Start work" pendingLabel="Starting…" />
            ) : null}
            {!reach.ok ? null : request.type === 'access' ? (
              <div className="space-y-2">
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  Builds a copy of everything held about the customer. They are emailed to sign in and use &ldquo;Download my data&rdquo; on their Privacy page; you can download the same file here afterwards.
                </p>
                <ActionButton action={runExportAction.bind(null, request.id)} label="Run export" pendingLabel="Exporting…" variant="primary" />
              </div>
            ) : (
              <ConfirmErasureForm action={runErasureAction.bind(null, request.id)} subjectEmail={request.subjectEmail} />
            )}
          </AccountSection>
          <AccountSection id="reject" title="Reject the request" description="For example when the person could not show the account is theirs.">
            <RejectRequestForm action={rejectRequestAction.bind(null, request.id)} />
          </AccountSection>
        </>
      ) : (
        <AccountSection id="evidence" title="Evidence">
          {evidence ? <RequestEvidence evidence={evidence} /> : <p className="text-sm text-zinc-500">No evidence was recorded.</p>}
          {request.type === 'access' && request.status === 'completed' && subject && reach.ok ? (
            <a href={`/admin/requests/${request.id}/export`} className="inline-block rounded-lg border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Download the export (JSON)
            </a>
          ) : null}
          {request.type === 'access' && request.status === 'completed' && subject ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Built fresh from the account each time; every download is recorded in the timeline and the audit log.</p>
          ) : null}
        </AccountSection>
      )}
    </section>
  );
}
