import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccountSection } from '@/components/account/section';
import { StatusChangeForm } from '@/components/admin/status-change-form';
import { ActionButton } from '@/components/forms/action-button';
import { Alert } from '@/components/ui/alert';
import { isOnlyActiveAdministrator } from '@/lib/rbac/assignments';
import { staffMayActOn } from '@/lib/rbac/hierarchy';
import { requestContext } from '@/lib/http/request-context';
import { currentUserCan, requirePermission } from '@/lib/rbac/check';
import { viewCustomerAsStaff } from '@/lib/users/staff-profile';
import { staffActor } from '@/lib/audit/actor';
import { LegalHoldBadge, LegalHoldSection } from './legal-hold';
import { reactivateAction, resendVerificationAction, revokeSessionsAction, sendPasswordResetAction, suspendAction } from './actions';

export const metadata: Metadata = { title: 'Customer' };

const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');

function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="grid gap-3 text-sm sm:grid-cols-2">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt className="text-zinc-500">{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requirePermission('users:read', `/admin/users/${id}`);
  const view = await viewCustomerAsStaff(id, staffActor(session, await requestContext()));
  if (!view) notFound();
  const { account } = view;
  // The actions refuse people beyond the viewer's own permissions (lib/rbac/hierarchy.ts); the
  // page says so up front instead of offering buttons that cannot work.
  const [mayWrite, mayRevoke, maySuspend, reach, lastAdmin] = await Promise.all([
    currentUserCan('users:write'),
    currentUserCan('sessions:revoke'),
    currentUserCan('users:suspend'),
    staffMayActOn(session.user.id, account.id),
    account.status === 'active' ? isOnlyActiveAdministrator(account.id) : false,
  ]);
  const canWrite = mayWrite && reach.ok;
  const canRevoke = mayRevoke && reach.ok;
  const canSuspend = maySuspend && reach.ok;
  return (
    <section className="space-y-6">
      <div>
        <Link href="/admin/users" className="text-sm text-brand-ink hover:underline">← Users</Link>
        <h1 className="mt-2 flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
          {account.name ?? account.email} <LegalHoldBadge userId={account.id} />
        </h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Your view of this account is recorded and shown to the customer.</p>
      </div>

      {reach.ok ? null : (
        <Alert tone="warning">
          <span className="font-medium">You cannot change this account.</span> {reach.error}
        </Alert>
      )}

      <AccountSection title="Verified profile" id="profile">
        <Facts
          rows={[
            ['Email', account.email],
            ['Email confirmed', account.emailVerified ? `Yes, ${when(account.emailVerified)}` : 'Not confirmed'],
            ['Status', account.statusReason ? `${account.status.replace('_', ' ')} (${account.statusReason})` : account.status.replace('_', ' ')],
            ['Roles', view.roles.map((r) => r.name).join(', ') || '—'],
            ['Created', when(account.createdAt)],
            ['Last sign-in', `${when(account.lastSignInAt)} (${account.signInCount} in all)`],
            ...view.attributes.map((a): [string, string] => [a.label, a.verifiedAt ? `${a.value} (verified ${when(a.verifiedAt)} by ${a.verificationMethod?.replace('_', ' ') ?? 'unknown method'})` : `${a.value} (not verified)`]),
          ]}
        />
      </AccountSection>

      <AccountSection title="Ways to sign in" id="sign-in">
        <Facts
          rows={[
            ['Password', view.signIn.password ? 'Set' : 'Not set'],
            ['Passkeys', String(view.signIn.passkeys)],
            ['Two-step verification', view.signIn.mfa ? 'On' : 'Off'],
            ['Linked accounts', view.signIn.providers.map((p) => p.provider).join(', ') || 'None'],
          ]}
        />
      </AccountSection>

      <AccountSection title="Signed-in devices" id="sessions" description={view.sessions.length ? undefined : 'No live sessions.'}>
        {view.sessions.length ? (
          <ul className="space-y-2 text-sm" aria-label="Live sessions">
            {view.sessions.map((s) => (
              <li key={s.id}>
                <span className="font-medium">{s.device}</span> · {s.ipAddress ?? 'unknown IP'} · signed in {when(s.firstSeen)} · last active {when(s.lastSeen)}
              </li>
            ))}
          </ul>
        ) : null}
        {canRevoke ? <ActionButton action={revokeSessionsAction.bind(null, account.id)} label="Sign out all devices" pendingLabel="Signing out…" variant="danger" /> : null}
      </AccountSection>

      {canWrite ? (
        <AccountSection title="Help them get back in" id="support">
          <div className="flex flex-wrap gap-4">
            {!account.emailVerified ? <ActionButton action={resendVerificationAction.bind(null, account.id)} label="Resend confirmation email" pendingLabel="Sending…" /> : null}
            <ActionButton action={sendPasswordResetAction.bind(null, account.id)} label="Send a password reset link" pendingLabel="Sending…" />
          </div>
        </AccountSection>
      ) : null}

      {canSuspend && (account.status === 'active' || account.status === 'suspended') ? (
        <AccountSection title={account.status === 'active' ? 'Suspend account' : 'Reactivate account'} id="status" description={account.status === 'active' ? 'Signs them out everywhere and refuses sign-in until reactivated.' : 'Lets them sign in again.'}>
          {account.status === 'active' && lastAdmin ? (
            <p className="text-sm">This is the last active administrator, so their account cannot be suspended: nobody would be left to manage roles or reactivate it. Make someone else an administrator first.</p>
          ) : account.status === 'active' ? (
            <StatusChangeForm action={suspendAction.bind(null, account.id)} label="Suspend account" pendingLabel="Suspending…" danger />
          ) : (
            <StatusChangeForm action={reactivateAction.bind(null, account.id)} label="Reactivate account" pendingLabel="Reactivating…" />
          )}
        </AccountSection>
      ) : null}

      <LegalHoldSection userId={account.id} mayAct={reach.ok} />

      <AccountSection title="Consent" id="consent">
        <Facts rows={view.consent.map((c): [string, string] => [c.name, c.decidedAt ? `${c.granted ? 'Given' : 'Refused'} for version ${c.decidedVersion} on ${when(c.decidedAt)}${c.outdated ? ' (newer version published)' : ''}` : 'No decision'])} />
      </AccountSection>

      <AccountSection title="Recent security events" id="events">
        <ol className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" aria-label="Recent security events">
          {view.events.map((e) => (
            <li key={e.id} className="py-2">
              <span className={e.failed ? 'text-red-700 dark:text-red-400' : ''}>{e.description}</span>
              <span className="text-zinc-500"> · {when(e.occurredAt)}{e.ipAddress ? ` · ${e.ipAddress}` : ''}</span>
            </li>
          ))}
        </ol>
      </AccountSection>

      <AccountSection title="Data requests" id="requests" description={view.requests.length ? undefined : 'None.'}>
        {view.requests.length ? (
          <ul className="space-y-1 text-sm">
            {view.requests.map((r) => (
              <li key={r.id}>
                {r.type} · {r.status.replace('_', ' ')} · from {r.source.replace('_', ' ')} · opened {when(r.createdAt)} · due {when(r.dueAt)}
                {r.completedAt ? ` · completed ${when(r.completedAt)}` : ''}
              </li>
            ))}
          </ul>
        ) : null}
      </AccountSection>
    </section>
  );
}
