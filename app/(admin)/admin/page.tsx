import type { Metadata } from 'next';
import { currentUserCan, requirePermission } from '@/lib/rbac/check';
import { adminSummary, newestUsers } from '@/lib/users/admin-summary';

export const metadata: Metadata = { title: 'Admin console' };

export default async function AdminHome() {
  await requirePermission('dashboard:read');
  const [summary, canReadUsers] = await Promise.all([adminSummary(), currentUserCan('users:read')]);
  const users = canReadUsers ? await newestUsers() : [];
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
      {canReadUsers ? (
        <div className="overflow-x-auto rounded-2xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm">
            <caption className="p-4 text-left font-semibold">Newest accounts</caption>
            <thead className="border-t border-zinc-200 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Email</th>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 font-medium">Status</th>
                <th scope="col" className="px-4 py-2 font-medium">Email confirmed</th>
                <th scope="col" className="px-4 py-2 font-medium">Created</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="px-4 py-2">{u.email}</td>
                  <td className="px-4 py-2">{u.name ?? '—'}</td>
                  <td className="px-4 py-2">{u.status}</td>
                  <td className="px-4 py-2">{u.emailVerified ? 'Confirmed' : 'Not confirmed'}</td>
                  <td className="px-4 py-2">{u.createdAt.toISOString().slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
