import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { AccountSection } from '@/components/account/section';
import { requireSession } from '@/lib/auth/current-session';
import { accountSummary } from '@/lib/users/account-overview';
import { securityChecklist } from '@/lib/users/security-checklist';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ reset?: string; restored?: string }> }) {
  const session = await requireSession('/account');
  const { reset, restored } = await searchParams;
  const overview = await accountSummary(session.user.id);
  const checklist = securityChecklist(overview.methods);
  const remaining = checklist.filter((i) => !i.done).length;
  return (
    <>
      {reset ? <Alert tone="success">Your password has been changed. Every other device has been signed out.</Alert> : null}
      {restored ? <Alert tone="success">Welcome back. Your account will not be deleted.</Alert> : null}
      <section className="rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-2xl font-semibold tracking-tight">{overview.name ? `Hello, ${overview.name}` : 'Your account'}</h1>
        <dl className="mt-6 grid gap-4 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-zinc-500 dark:text-zinc-400">Email address</dt>
            <dd className="mt-1 font-medium">
              {overview.email}{' '}
              <span className={overview.emailVerified ? 'text-emerald-700 dark:text-emerald-400' : 'text-amber-700 dark:text-amber-400'}>
                ({overview.emailVerified ? 'confirmed' : 'not confirmed'})
              </span>
            </dd>
          </div>
          <div>
            <dt className="text-zinc-500 dark:text-zinc-400">Sign-in methods</dt>
            <dd className="mt-1 font-medium">{overview.hasPassword ? 'Password, email link or code' : 'Email link or code (no password)'}</dd>
          </div>
          <div>
            <dt className="text-zinc-500 dark:text-zinc-400">Member since</dt>
            <dd className="mt-1 font-medium">{overview.createdAt.toISOString().slice(0, 10)}</dd>
          </div>
          <div>
            <dt className="text-zinc-500 dark:text-zinc-400">Sign-ins</dt>
            <dd className="mt-1 font-medium">{overview.signInCount}</dd>
          </div>
        </dl>
      </section>
      <AccountSection
        id="checklist"
        title="Security checklist"
        description={remaining === 0 ? 'Everything is in place.' : `${remaining} ${remaining === 1 ? 'step makes' : 'steps make'} your account harder to break into.`}
      >
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Security checklist">
          {checklist.map((item) => (
            <li key={item.key} className="flex items-center justify-between gap-4 py-3 text-sm">
              <span className="flex items-center gap-2">
                <span aria-hidden="true" className={item.done ? 'text-emerald-600' : 'text-amber-600'}>
                  {item.done ? '✓' : '!'}
                </span>
                {item.label}
                <span className="sr-only">{item.done ? ': done' : ': not yet'}</span>
              </span>
              {item.done ? (
                <span className="text-zinc-500">Done</span>
              ) : (
                <Link href={item.href} className="font-semibold text-brand-ink underline-offset-4 hover:underline">
                  {item.fixLabel}
                </Link>
              )}
            </li>
          ))}
        </ul>
      </AccountSection>
    </>
  );
}
