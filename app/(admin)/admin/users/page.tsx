import type { Metadata } from 'next';
import Link from 'next/link';
import { UserDirectoryTable } from '@/components/admin/user-directory-table';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { requirePermission } from '@/lib/rbac/check';
import { directoryRoles, searchDirectory } from '@/lib/users/directory';
import { DIRECTORY_QUERY_MAX, USER_STATUSES, directoryQuerySchema, directorySearchSchema, visibleColumns, type DirectorySearch } from '@/lib/validation/directory';

export const metadata: Metadata = { title: 'Users' };

type Params = Record<string, string | string[] | undefined>;

/** The search params as the schema reads them: a repeated `cols` (from an older shared link) becomes one list. */
function flatten(params: Params) {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? (k === 'cols' ? v.join(',') : v[0]) : v === '' ? undefined : v]),
  );
}

function hrefWith(search: DirectorySearch, change: Partial<DirectorySearch>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...search, ...change })) if (v) params.set(k, String(v));
  return `/admin/users?${params}`;
}

export default async function UserDirectoryPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requirePermission('users:read', '/admin/users');
  const params = flatten(await searchParams);
  const search = directorySearchSchema.parse(params);
  const query = directoryQuerySchema.safeParse(params.q);
  const queryError = query.success ? null : (query.error.issues[0]?.message ?? 'Shorten the search.');
  const columns = visibleColumns(search.cols);
  const [{ users, next }, roles] = await Promise.all([queryError ? { users: [], next: null } : searchDirectory(search), directoryRoles()]);
  const label = 'block text-sm font-medium text-zinc-800 dark:text-zinc-200';
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <form method="get" action="/admin/users" role="search" aria-label="Filter users" className="space-y-4 rounded-2xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <div className="space-y-1.5 sm:col-span-2">
            <label htmlFor="q" className={label}>Search by email, name or phone</label>
            <input id="q" name="q" type="search" maxLength={DIRECTORY_QUERY_MAX} defaultValue={queryError ? String(params.q ?? '') : (search.q ?? '')} aria-invalid={queryError ? true : undefined} aria-describedby={queryError ? 'q-error' : undefined} className={inputClass} />
            {queryError ? (
              <p id="q-error" role="alert" className="text-sm text-red-700 dark:text-red-400">
                {queryError}
              </p>
            ) : null}
          </div>
          <div className="space-y-1.5">
            <label htmlFor="status" className={label}>Status</label>
            <select id="status" name="status" defaultValue={search.status ?? ''} className={inputClass}>
              <option value="">Any status</option>
              {USER_STATUSES.map((s) => <option key={s} value={s}>{s.replace('_', ' ')}</option>)}
            </select>
          </div>
          <div className="space-y-1.5">
            <label htmlFor="role" className={label}>Role</label>
            <select id="role" name="role" defaultValue={search.role ?? ''} className={inputClass}>
              <option value="">Any role</option>
              {roles.map((r) => <option key={r.key} value={r.key}>{r.name}</option>)}
            </select>
          </div>
          <div className="space-y-1.5">
            <label htmlFor="verified" className={label}>Email confirmed</label>
            <select id="verified" name="verified" defaultValue={search.verified ?? ''} className={inputClass}>
              <option value="">Either</option>
              <option value="yes">Confirmed</option>
              <option value="no">Not confirmed</option>
            </select>
          </div>
          {([
            ['createdFrom', 'Created from'],
            ['createdTo', 'Created until'],
            ['signedInFrom', 'Last signed in from'],
            ['signedInTo', 'Last signed in until'],
          ] as const).map(([name, text]) => (
            <div key={name} className="space-y-1.5">
              <label htmlFor={name} className={label}>{text}</label>
              <input id={name} name={name} type="date" defaultValue={search[name] ?? ''} className={inputClass} />
            </div>
          ))}
        </div>
        <input type="hidden" name="sort" value={search.sort} />
        <input type="hidden" name="dir" value={search.dir} />
        {search.cols ? <input type="hidden" name="cols" value={columns.join(',')} /> : null}
        <div className="flex flex-wrap gap-3">
          <Button type="submit" className="sm:w-auto">Search users</Button>
          <Link href="/admin/users" className="self-center text-sm text-brand-ink underline-offset-4 hover:underline">Clear filters</Link>
        </div>
      </form>
      <UserDirectoryTable rows={users} columns={columns} sort={search.sort} dir={search.dir} />
      <nav aria-label="Pages" className="flex gap-4 text-sm">
        {search.after ? <Link href={hrefWith(search, { after: undefined })} className="text-brand-ink hover:underline">First page</Link> : null}
        {next ? <Link href={hrefWith(search, { after: next })} className="text-brand-ink hover:underline">Next page</Link> : null}
      </nav>
    </section>
  );
}
