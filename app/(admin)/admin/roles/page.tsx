import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountSection, PageTitle } from '@/components/account/section';
import { RoleForm } from '@/components/admin/role-form';
import { requirePermission } from '@/lib/rbac/check';
import { listRoles } from '@/lib/rbac/roles';
import { createRoleAction } from './actions';

export const metadata: Metadata = { title: 'Roles' };

export default async function RolesPage() {
  await requirePermission('rbac:manage', '/admin/roles');
  const roles = await listRoles();
  return (
    <div className="space-y-8">
      <PageTitle description="Who may do what in this console. Built-in roles are fixed; custom roles can be edited and deleted.">Roles</PageTitle>
      <div className="overflow-x-auto rounded-2xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Roles</caption>
          <thead className="text-zinc-500 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Role</th>
              <th scope="col" className="px-4 py-2 font-medium">Key</th>
              <th scope="col" className="px-4 py-2 font-medium">Kind</th>
              <th scope="col" className="px-4 py-2 font-medium">Permissions</th>
              <th scope="col" className="px-4 py-2 font-medium">People</th>
            </tr>
          </thead>
          <tbody>
            {roles.map((role) => (
              <tr key={role.key} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="px-4 py-2">
                  <Link href={`/admin/roles/${role.key}`} className="font-medium text-brand-ink hover:underline">
                    {role.name}
                  </Link>
                </td>
                <td className="px-4 py-2"><code>{role.key}</code></td>
                <td className="px-4 py-2">{role.builtIn ? 'Built-in' : 'Custom'}</td>
                <td className="px-4 py-2">{role.permissions.length}</td>
                <td className="px-4 py-2">{role.memberCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AccountSection id="create-role" title="Create a custom role" description="Grant exactly the permissions a team needs.">
        <RoleForm action={createRoleAction} submitLabel="Create role" />
      </AccountSection>
    </div>
  );
}
