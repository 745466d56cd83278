import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { permissionsOf } from '@/lib/rbac/permissions-of';
import { BUILT_IN_ROLES, type Permission } from '@/lib/rbac/permissions';
import { assignRole, assignRoleByEmail, removeRole } from '@/lib/rbac/assignments';
import { createRole, deleteRole, findRole, updateRole } from '@/lib/rbac/roles';
import { createRoleSchema } from '@/lib/validation/rbac';
import { asClient, asStaff, seededAdministrator, signUpCustomer } from './support/fixtures';

async function anAdministrator() {
  const { user } = await signUpCustomer();
  await assignRole(user.id, 'admin', await seededAdministrator());
  return asStaff(user.id);
}

function uniqueKey(label: string) {
  return `${label}-${Math.random().toString(36).slice(2, 8)}`;
}

async function auditFor(action: string, targetId: string) {
  return db.auditEvent.findMany({ where: { action, targetId } });
}

describe('role-based access control', () => {
  it('gives a user exactly the permissions of the roles they hold', async () => {
    const actor = await anAdministrator();
    const { user } = await signUpCustomer();
    expect([...(await permissionsOf(user.id))]).toEqual([]);
    await assignRole(user.id, 'support', actor);
    expect(new Set(await permissionsOf(user.id))).toEqual(new Set(BUILT_IN_ROLES.support!.permissions));
    await assignRole(user.id, 'compliance', actor);
    const both = new Set([...BUILT_IN_ROLES.support!.permissions, ...BUILT_IN_ROLES.compliance!.permissions]);
    expect(new Set(await permissionsOf(user.id))).toEqual(both);
  });

  it('creates, edits and deletes a custom role, auditing each change', async () => {
    const actor = await anAdministrator();
    const key = uniqueKey('billing');
    expect(await createRole({ key, name: 'Billing', permissions: ['users:read'] }, actor)).toEqual({ ok: true, key });
    expect(await createRole({ key, name: 'Again', permissions: [] }, actor)).toMatchObject({ ok: false, code: 'key_taken', field: 'key' });
    const role = await db.role.findUniqueOrThrow({ where: { key } });
    expect(await auditFor('role.created', role.id)).toHaveLength(1);

    expect(await updateRole(key, { name: 'Billing desk', description: 'Refunds', permissions: ['users:read', 'dashboard:read'] }, actor)).toEqual({ ok: true });
    const updated = await findRole(key);
    expect(updated).toMatchObject({ name: 'Billing desk', description: 'Refunds', builtIn: false });
    expect(new Set(updated!.permissions)).toEqual(new Set(['users:read', 'dashboard:read']));
    expect(await auditFor('role.updated', role.id)).toHaveLength(1);

    expect(await deleteRole(key, actor)).toEqual({ ok: true });
    expect(await findRole(key)).toBeNull();
    expect(await auditFor('role.deleted', role.id)).toHaveLength(1);
  });

  it('keeps built-in roles fixed', async () => {
    const actor = await anAdministrator();
    expect(await updateRole('admin', { name: 'Admin', permissions: [] }, actor)).toMatchObject({ ok: false, code: 'built_in' });
    expect(await deleteRole('support', actor)).toMatchObject({ ok: false, code: 'built_in' });
    expect((await findRole('admin'))!.permissions).toContain('rbac:manage');
  });

  it('limits custom roles to the permission catalogue, in the schema and in the domain', async () => {
    const actor = await anAdministrator();
    const key = uniqueKey('rogue');
    const parsed = createRoleSchema.safeParse({ key, name: 'Rogue', permissions: ['users:read', 'db:drop'] });
    expect(parsed.success).toBe(false);
    expect(createRoleSchema.safeParse({ key: 'Bad Key', name: '', permissions: [] }).error?.issues.map((i) => i.path[0])).toEqual(['key', 'name']);
    const result = await createRole({ key, name: 'Rogue', permissions: ['db:drop' as Permission] }, actor);
    expect(result).toMatchObject({ ok: false, code: 'unknown_permission' });
    expect(await findRole(key)).toBeNull();
  });

  it('lets a machine client create and delete only roles without staff permissions', async () => {
    const client = asClient({ id: 'rbac-test-client', name: 'RBAC test', scopes: ['roles:write'] });
    const key = uniqueKey('api-staff');
    expect(await createRole({ key, name: 'Minted staff', permissions: ['users:read'] }, client)).toMatchObject({ ok: false, code: 'staff_role' });
    expect(await findRole(key)).toBeNull();

    const actor = await anAdministrator();
    await createRole({ key, name: 'Staff by an admin', permissions: ['users:read'] }, actor);
    expect(await deleteRole(key, client)).toMatchObject({ ok: false, code: 'staff_role' });
    expect(await findRole(key)).not.toBeNull();

    const app = uniqueKey('api-app');
    expect(await createRole({ key: app, name: 'Premium', permissions: [] }, client)).toEqual({ ok: true, key: app });
    const role = await db.role.findUniqueOrThrow({ where: { key: app } });
    expect(await auditFor('role.created', role.id)).toMatchObject([{ actorType: 'client', actorId: client.id }]);
    expect(await deleteRole(app, client)).toEqual({ ok: true });
    expect(await auditFor('role.deleted', role.id)).toMatchObject([{ actorType: 'client', actorId: client.id }]);
  });

  it('refuses to delete a role someone holds', async () => {
    const actor = await anAdministrator();
    const key = uniqueKey('held');
    await createRole({ key, name: 'Held', permissions: ['dashboard:read'] }, actor);
    const { user } = await signUpCustomer();
    await assignRole(user.id, key, actor);
    expect(await deleteRole(key, actor)).toMatchObject({ ok: false, code: 'in_use' });
    await removeRole(user.id, key, actor);
    expect(await deleteRole(key, actor)).toEqual({ ok: true });
  });

  it('audits assignment and removal against the person, once each', async () => {
    const actor = await anAdministrator();
    const { user, email } = await signUpCustomer();
    expect(await assignRoleByEmail(email, 'support', actor)).toEqual({ ok: true, alreadyHeld: false });
    expect(await assignRoleByEmail(email, 'support', actor)).toEqual({ ok: true, alreadyHeld: true });
    expect(await assignRoleByEmail('nobody@example.test', 'support', actor)).toMatchObject({ ok: false, field: 'email' });
    const assigned = await auditFor('role.assigned', user.id);
    expect(assigned).toHaveLength(1);
    expect(assigned[0]).toMatchObject({ actorType: 'staff', actorId: actor.id, targetType: 'user' });
    expect(JSON.parse(assigned[0]!.metadata!)).toEqual({ role: 'support' });
    expect((await db.userRole.findFirstOrThrow({ where: { userId: user.id, role: { key: 'support' } } })).assignedById).toBe(actor.id);

    await removeRole(user.id, 'support', actor);
    expect(await permissionsOf(user.id)).toEqual(new Set());
    expect(await auditFor('role.removed', user.id)).toHaveLength(1);
  });

  it('never lets the last administrator lose the admin role', async () => {
    const adminRole = await db.role.findUniqueOrThrow({ where: { key: 'admin' } });
    // Start from exactly one administrator: the seeded one.
    const seeded = await db.user.findUniqueOrThrow({ where: { email: 'admin@test.example' } });
    await db.userRole.deleteMany({ where: { roleId: adminRole.id, userId: { not: seeded.id } } });
    const alone = await removeRole(seeded.id, 'admin', asStaff(seeded.id));
    expect(alone).toMatchObject({ ok: false, code: 'last_admin' });
    expect(alone.ok ? '' : alone.error).toMatch(/last active administrator/);
    expect(await permissionsOf(seeded.id)).toContain('rbac:manage');

    const second = await anAdministrator();
    expect(await removeRole(seeded.id, 'admin', second)).toEqual({ ok: true });
    expect(await removeRole(second.id, 'admin', second)).toMatchObject({ ok: false, code: 'last_admin' });
    await assignRole(seeded.id, 'admin', second);
  });
});
