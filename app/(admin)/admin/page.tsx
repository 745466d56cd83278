import type { Metadata } from 'next';
import Link from 'next/link';
import { MetricPanel } from '@/components/admin/dashboard/metric-panel';
import { SimpleTable } from '@/components/ui/simple-table';
import { dashboardMetrics, DASHBOARD_RANGES } from '@/lib/dashboard/metrics';
import { currentUserCan, requirePermission } from '@/lib/rbac/check';
import { adminSummary, newestUsers } from '@/lib/users/admin-summary';
import { dashboardSearchSchema } from '@/lib/validation/dashboard';

export const metadata: Metadata = { title: 'Admin console' };

const number = (n: number) => n.toLocaleString('en-GB');
const plural = (n: number, one: string, many: string) => `${number(n)} ${n === 1 ? one : many}`;

export default async function AdminHome({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission('dashboard:read');
  const { days } = dashboardSearchSchema.parse(await searchParams);
  const [summary, metrics, canReadUsers] = await Promise.all([adminSummary(), dashboardMetrics(days), currentUserCan('users:read')]);
  const users = canReadUsers ? await newestUsers() : [];
  const { activity, adoption } = metrics;
  const period = `in the last ${days} days`;
  return (
    <section className="space-y-8">
      <h1 className="text-2xl font-semibold tracking-tight">Admin console</h1>
      <dl className="grid gap-4 sm:grid-cols-3">
        {[
          ['Users', summary.users],
          ['Confirmed emails', summary.verified],
          ['Active sessions', summary.activeSessions],
        ].map(([label, value]) => (
          <div key={label} className="rounded-2xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
            <dt className="text-sm text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className="mt-1 text-3xl font-semibold">{value}</dd>
          </div>
        ))}
      </dl>

      <div className="flex flex-wrap items-center justify-between gap-4">
        <h2 className="text-xl font-semibold tracking-tight">Activity {period}</h2>
        <nav aria-label="Range" className="flex gap-1 rounded-lg border border-zinc-200 bg-white p-1 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          {DASHBOARD_RANGES.map((range) => (
            <Link
              key={range}
              href={`/admin?days=${range}`}
              aria-current={range === days ? 'page' : undefined}
              className={`rounded-md px-3 py-1.5 font-medium ${range === days ? 'bg-brand text-white' : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'}`}
            >
              {range} days
            </Link>
          ))}
        </nav>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <MetricPanel
          title="Sign-ups and sign-ins"
          totals={`${plural(activity.totals.signUps, 'sign-up', 'sign-ups')} and ${plural(activity.totals.signIns, 'sign-in', 'sign-ins')} ${period}.`}
          rows={activity.perDay}
          kind="bar"
          series={[
            { key: 'signUps', label: 'Sign-ups', color: '#4f46e5' },
            { key: 'signIns', label: 'Sign-ins', color: '#0d9488' },
          ]}
        />
        <MetricPanel
          title="Failed sign-ins and lockouts"
          totals={`${plural(activity.totals.failedSignIns, 'failed sign-in', 'failed sign-ins')} and ${plural(activity.totals.lockouts, 'lockout', 'lockouts')} ${period}.`}
          rows={activity.perDay}
          kind="bar"
          series={[
            { key: 'failedSignIns', label: 'Failed sign-ins', color: '#d97706' },
            { key: 'lockouts', label: 'Lockouts', color: '#dc2626' },
          ]}
        />
        <MetricPanel
          className="lg:col-span-2"
          title="Passkey and two-step adoption"
          totals={`Of ${plural(adoption.latest.customers, 'active customer', 'active customers')} today, ${adoption.latest.passkeyShare}% have a passkey and ${adoption.latest.mfaShare}% use an authenticator app for two-step verification. Counted from the accounts and credentials that exist now.`}
          rows={adoption.perDay}
          kind="line"
          unit="%"
          series={[
            { key: 'passkeyShare', label: 'With a passkey', color: '#4f46e5' },
            { key: 'mfaShare', label: 'With two-step verification', color: '#0d9488' },
          ]}
          alsoInTable={[{ key: 'customers', label: 'Active customers' }]}
        />
      </div>

      {canReadUsers ? (
        <SimpleTable
          caption="Newest accounts"
          columns={['Email', 'Name', 'Status', 'Email confirmed', 'Created']}
          rows={users}
          rowKey={(u) => u.id}
          renderRow={(u) => (
            <>
              <td className="px-4 py-2">{u.email}</td>
              <td className="px-4 py-2">{u.name ?? '—'}</td>
              <td className="px-4 py-2">{u.status}</td>
              <td className="px-4 py-2">{u.emailVerified ? 'Confirmed' : 'Not confirmed'}</td>
              <td className="px-4 py-2">{u.createdAt.toISOString().slice(0, 10)}</td>
            </>
          )}
        />
      ) : null}
    </section>
  );
}
