import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountSection, PageTitle } from '@/components/account/section';
import { RoleForm } from '@/components/admin/role-form';
import { SimpleTable } from '@/components/ui/simple-table';
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
      <SimpleTable
        caption="Roles"
        captionHidden
        columns={['Role', 'Key', 'Kind', 'Permissions', 'People']}
        rows={roles}
        rowKey={(role) => role.key}
        renderRow={(role) => (
          <>
            <td className="px-4 py-2">
              <Link href={`/admin/roles/${role.key}`} className="font-medium text-brand-ink hover:underline">
                {role.name}
              </Link>
            </td>
            <td className="px-4 py-2"><code>{role.key}</code></td>
            <td className="px-4 py-2">{role.builtIn ? 'Built-in' : 'Custom'}</td>
            <td className="px-4 py-2">{role.permissions.length}</td>
            <td className="px-4 py-2">{role.memberCount}</td>
          </>
        )}
      />
      <AccountSection id="create-role" title="Create a custom role" description="Grant exactly the permissions a team needs.">
        <RoleForm action={createRoleAction} submitLabel="Create role" />
      </AccountSection>
    </div>
  );
}
