import type { Metadata } from 'next';
import { requirePermission } from '@/lib/rbac/check';
import { adminSummary } from '@/lib/users/admin-summary';

export const metadata: Metadata = { title: 'Admin console' };

export default async function AdminHome() {
  await requirePermission('dashboard:read');
  const summary = await adminSummary();
  return (
    <section className="space-y-6">
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
    </section>
  );
}
