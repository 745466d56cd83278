import type { Metadata } from 'next';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ActionButton } from '@/components/forms/action-button';
import { requireSession } from '@/lib/auth/current-session';
import { activeSessions } from '@/lib/auth/devices';
import { revokeOtherSessionsAction, revokeSessionAction } from './actions';

export const metadata: Metadata = { title: 'Devices' };

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

export default async function SessionsPage() {
  const session = await requireSession('/account/sessions');
  const sessions = await activeSessions(session.user.id, session.sessionId);
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <PageTitle description="Everywhere you are signed in. Sign out any device you do not recognise, then change your password.">Devices</PageTitle>
      <ul className="space-y-4" aria-label="Signed-in devices">
        {sessions.map((s) => (
          <li key={s.id} aria-label={`${s.device}${s.current ? ' (this device)' : ''}`}>
            <AccountSection title={s.current ? `${s.device} · this device` : s.device}>
              <dl className="grid gap-3 text-sm sm:grid-cols-3">
                <div>
                  <dt className="text-zinc-500">IP address</dt>
                  <dd>{s.ipAddress ?? 'Unknown'}</dd>
                </div>
                <div>
                  <dt className="text-zinc-500">Signed in</dt>
                  <dd>{when(s.firstSeen)}</dd>
                </div>
                <div>
                  <dt className="text-zinc-500">Last active</dt>
                  <dd>{when(s.lastSeen)}</dd>
                </div>
              </dl>
              <ActionButton action={revokeSessionAction.bind(null, s.id)} label={s.current ? 'Sign out of this device' : 'Sign out this device'} pendingLabel="Signing out…" />
            </AccountSection>
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <AccountSection title="All other devices" description={`Sign out ${others === 1 ? 'the other device' : `all ${others} other devices`} at once.`}>
          <ActionButton action={revokeOtherSessionsAction} label="Sign out all other devices" pendingLabel="Signing out…" variant="danger" />
        </AccountSection>
      ) : null}
    </>
  );
}
