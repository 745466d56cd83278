import type { Metadata } from 'next';
import { Alert } from '@/components/ui/alert';
import { requireSession } from '@/lib/auth/current-session';
import { accountOverview } from '@/lib/users/account-overview';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ reset?: string }> }) {
  const session = await requireSession('/account');
  const { reset } = await searchParams;
  const overview = await accountOverview(session.user.id);
  return (
    <>
      {reset ? <Alert tone="success">Your password has been changed. Every other device has been signed out.</Alert> : null}
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
    </>
  );
}
