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
import { staffActor } from '@/lib/audit/actor';
import { requestContext } from '@/lib/http/request-context';
import { removalRefusal } from '@/lib/rbac/assignments';
import { permissionsMissingFor } from '@/lib/rbac/hierarchy';
import { assignRoleAction, deleteRoleAction, removeRoleAction, updateRoleAction } from '../actions';

export const metadata: Metadata = { title: 'Role' };

export default async function RolePage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const session = await requirePermission('rbac:manage', `/admin/roles/${key}`);
  const role = await findRole(key);
  if (!role) notFound();
  // Offer only what this person may do (lib/rbac/hierarchy.ts); the actions refuse the rest anyway.
  const staff = staffActor(session, await requestContext());
  const missing = await permissionsMissingFor(staff, role.permissions);
  const refusals = new Map(await Promise.all(role.members.map(async (m) => [m.id, await removalRefusal(staff, m.id, role.key)] as const)));
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
              {!refusals.get(member.id) ? (
                <ActionButton
                  action={removeRoleAction.bind(null, role.key, member.id)}
                  label="Remove"
                  accessibleLabel={`Remove ${role.name} from ${member.email}`}
                />
              ) : (
                <p className="max-w-sm text-sm text-zinc-600 dark:text-zinc-400">{refusals.get(member.id)}</p>
              )}
            </li>
          ))}
        </ul>
      </AccountSection>
      <AccountSection id="assign" title="Assign this role to a user by email">
        {missing.length === 0 ? (
          <AssignRoleForm action={assignRoleAction.bind(null, role.key)} />
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            This role grants permissions you do not hold ({missing.join(', ')}), so you cannot give it to anyone.
          </p>
        )}
      </AccountSection>
      {role.builtIn ? null : (
        <AccountSection id="delete" title="Delete role" description="Only a role nobody holds can be deleted.">
          <ActionButton action={deleteRoleAction.bind(null, role.key)} label="Delete role" variant="danger" />
        </AccountSection>
      )}
    </div>
  );
}
