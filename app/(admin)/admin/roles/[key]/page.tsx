import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ActionButton } from '@/components/admin/action-button';
import { AssignRoleForm } from '@/components/admin/assign-role-form';
import { RoleForm } from '@/components/admin/role-form';
import { requirePermission } from '@/lib/rbac/check';
import { PERMISSIONS } from '@/lib/rbac/permissions';
import { findRole } from '@/lib/rbac/roles';
import { assignRoleAction, deleteRoleAction, removeRoleAction, updateRoleAction } from '../actions';

export const metadata: Metadata = { title: 'Role' };

export default async function RolePage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  await requirePermission('rbac:manage', `/admin/roles/${key}`);
  const role = await findRole(key);
  if (!role) notFound();
  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link href="/admin/roles" className="text-brand-ink hover:underline">← All roles</Link>
      </p>
      <PageTitle description={role.description ?? undefined}>{role.name}</PageTitle>
      {role.builtIn ? (
        <AccountSection
          id="permissions"
          title="Permissions"
          description="This is a built-in role: its permissions are fixed and it cannot be deleted. Create a custom role to grant a different set."
        >
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {role.permissions.length === 0 ? <li>No console permissions.</li> : null}
            {role.permissions.map((p) => (
              <li key={p}>{PERMISSIONS[p] ?? p}</li>
            ))}
          </ul>
        </AccountSection>
      ) : (
        <AccountSection id="edit-role" title="Edit role" description={`Key: ${role.key} (cannot change).`}>
          <RoleForm action={updateRoleAction.bind(null, role.key)} initial={role} submitLabel="Save role" />
        </AccountSection>
      )}
      <AccountSection id="members" title="People with this role">
        {role.members.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">Nobody has this role yet.</p> : null}
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="People with this role">
          {role.members.map((member) => (
            <li key={member.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <div className="text-sm">
                <p className="font-medium">{member.email}</p>
                <p className="text-zinc-500 dark:text-zinc-400">
                  {member.name ?? 'No name'} · since {member.assignedAt.toISOString().slice(0, 10)}
                </p>
              </div>
              <ActionButton
                action={removeRoleAction.bind(null, role.key, member.id)}
                label="Remove"
                accessibleLabel={`Remove ${role.name} from ${member.email}`}
              />
            </li>
          ))}
        </ul>
      </AccountSection>
      <AccountSection id="assign" title="Assign this role to a user by email">
        <AssignRoleForm action={assignRoleAction.bind(null, role.key)} />
      </AccountSection>
      {role.builtIn ? null : (
        <AccountSection id="delete" title="Delete role" description="Only a role nobody holds can be deleted.">
          <ActionButton action={deleteRoleAction.bind(null, role.key)} label="Delete role" variant="danger" />
        </AccountSection>
      )}
    </div>
  );
}
