import type { Metadata } from 'next';
import { requireSession } from '@/lib/auth/current-session';
import { requireAreaProfile } from '@/lib/profile/require-area-profile';
import { accountOverview } from '@/lib/users/account-overview';

export const metadata: Metadata = { title: 'Account recovery' };

const PATH = '/account/recovery';

/** Needs a phone number (a before_area profile field), so it shows how progressive profiling gates an area. */
export default async function RecoveryPage() {
  const session = await requireSession(PATH);
  await requireAreaProfile(session.user.id, PATH);
  const overview = await accountOverview(session.user.id);
  return (
    <section className="rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h1 className="text-2xl font-semibold tracking-tight">Account recovery</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">If you lose access to your email, support can confirm it is you through these details.</p>
      <dl className="mt-6 text-sm">
        <dt className="text-zinc-500 dark:text-zinc-400">Recovery phone</dt>
        <dd className="mt-1 font-medium">{overview.attributes.phone}</dd>
      </dl>
    </section>
  );
}
