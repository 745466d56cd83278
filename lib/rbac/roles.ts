import 'server-only';
import { db, type Tx } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { auditedAs, type Operator, type StaffActor } from '@/lib/audit/actor';
import { ALL_PERMISSIONS, type Permission } from './permissions';
import { permissionsHeld, permissionsMissing } from './hierarchy';

export type RoleFailure = { ok: false; code: string; field?: 'key' | 'name' | 'permissions' | 'email'; error: string };

type RoleDetails = { name: string; description?: string | null; permissions: Permission[] };

/** Every role with what it grants and how many people hold it, built-in first. */
export async function listRoles() {
  const roles = await db.role.findMany({
    orderBy: [{ builtIn: 'desc' }, { key: 'asc' }],
    include: { permissions: { select: { permission: true } }, _count: { select: { users: true } } },
  });
  return roles.map((r) => ({
    key: r.key,
    name: r.name,
    description: r.description,
    builtIn: r.builtIn,
    permissions: inCatalogueOrder(r.permissions),
    memberCount: r._count.users,
  }));
}

/** One role with its members, or null. */
export async function findRole(key: string) {
  const role = await db.role.findUnique({
    where: { key },
    include: {
      permissions: { select: { permission: true } },
      users: { orderBy: { assignedAt: 'asc' }, select: { assignedAt: true, user: { select: { id: true, email: true, name: true } } } },
    },
  });
  if (!role) return null;
  return {
    key: role.key,
    name: role.name,
    description: role.description,
    builtIn: role.builtIn,
    permissions: inCatalogueOrder(role.permissions),
    members: role.users.map((u) => ({ ...u.user, assignedAt: u.assignedAt })),
  };
}

/** In catalogue order, so every list of permissions reads the same way. */
function inCatalogueOrder(permissions: { permission: string }[]): Permission[] {
  const order = ALL_PERMISSIONS as string[];
  return permissions.map((p) => p.permission as Permission).sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

function onlyCatalogue(permissions: readonly string[]): Permission[] | null {
  const known = new Set<string>(ALL_PERMISSIONS);
  return permissions.every((p) => known.has(p)) ? ([...new Set(permissions)] as Permission[]) : null;
}

const NOT_CATALOGUE: RoleFailure = { ok: false, code: 'unknown_permission', field: 'permissions', error: 'Choose permissions from the list only.' };
// Built-in roles are re-synchronised from lib/rbac/permissions.ts on every start (lib/seed), so an edit
// here would silently vanish at the next deploy; refusing keeps the console honest. This also keeps
// the admin role from ever losing rbac:manage.
const BUILT_IN: RoleFailure = { ok: false, code: 'built_in', error: 'Built-in roles are fixed. Create a custom role to grant a different set of permissions.' };

// Every permission opens the admin console, so the management API handles only roles without
// any: a leaked machine token must not be able to mint staff, nor take away a staff role's definition.
export const STAFF_ROLE_VIA_API: RoleFailure = {
  ok: false,
  code: 'staff_role',
  error: 'This role grants staff permissions; only an administrator can give, remove or delete it, in the admin console.',
};
const PERMISSIONS_VIA_API: RoleFailure = {
  ok: false,
  code: 'staff_role',
  field: 'permissions',
  error: 'Roles created through the management API grant no staff permissions; an administrator can add permissions in the admin console.',
};

/**
 * Staff define roles only within what they hold themselves: a custom role is as strong as its
 * permissions, and whoever can write one that they could not hold could give it to a friend
 * (or, through a colleague, to themself). Checks both what the role grants now and what it is
 * to grant, so an edit cannot strip an administrator-level role its author could never assign.
 */
async function beyondOwn(tx: Tx, actor: StaffActor, ...sets: Permission[][]): Promise<RoleFailure | null> {
  const missing = permissionsMissing(await permissionsHeld(tx, actor.id), sets.flat());
  if (missing.length === 0) return null;
  return {
    ok: false,
    code: 'beyond_own',
    field: 'permissions',
    error: `You can only work with permissions you hold yourself; you do not hold ${missing.join(', ')}.`,
  };
}

/** How many people hold a role: editing one that people hold asks for a recent sign-in. */
export async function roleMemberCount(key: string) {
  return db.userRole.count({ where: { role: { key } } });
}

async function writePermissions(tx: Tx, roleId: string, permissions: Permission[]) {
  await tx.rolePermission.deleteMany({ where: { roleId } });
  if (permissions.length > 0) await tx.rolePermission.createMany({ data: permissions.map((permission) => ({ roleId, permission })) });
}

export async function createRole(input: RoleDetails & { key: string }, actor: Operator): Promise<{ ok: true; key: string } | RoleFailure> {
  const permissions = onlyCatalogue(input.permissions);
  if (!permissions) return NOT_CATALOGUE;
  return db.$transaction(async (tx) => {
    if (actor.type === 'client' && permissions.length > 0) return PERMISSIONS_VIA_API;
    if (actor.type === 'staff') {
      const refused = await beyondOwn(tx, actor, permissions);
      if (refused) return refused;
    }
    if (await tx.role.findUnique({ where: { key: input.key }, select: { id: true } })) {
      return { ok: false as const, code: 'key_taken', field: 'key' as const, error: 'A role with this key exists already. Choose another key.' };
    }
    const role = await tx.role.create({ data: { key: input.key, name: input.name, description: input.description || null, builtIn: false } });
    await writePermissions(tx, role.id, permissions);
    await recordAudit(tx, {
      action: 'role.created',
      target: { type: 'role', id: role.id },
      metadata: { role: role.key, permissions: permissions.join(',') },
      ...auditedAs(actor),
    });
    return { ok: true as const, key: role.key };
  });
}

export async function updateRole(key: string, input: RoleDetails, actor: StaffActor): Promise<{ ok: true } | RoleFailure> {
  const permissions = onlyCatalogue(input.permissions);
  if (!permissions) return NOT_CATALOGUE;
  return db.$transaction(async (tx) => {
    const role = await tx.role.findUnique({ where: { key }, include: { permissions: { select: { permission: true } } } });
    if (!role) return { ok: false as const, code: 'not_found', error: 'This role no longer exists.' };
    if (role.builtIn) return BUILT_IN;
    const refused = await beyondOwn(tx, actor, permissions, role.permissions.map((p) => p.permission as Permission));
    if (refused) return refused;
    await tx.role.update({ where: { id: role.id }, data: { name: input.name, description: input.description || null } });
    await writePermissions(tx, role.id, permissions);
    await recordAudit(tx, {
      action: 'role.updated',
      target: { type: 'role', id: role.id },
      metadata: { role: role.key, permissions: permissions.join(',') },
      ...auditedAs(actor),
    });
    return { ok: true as const };
  });
}

/**
 * Deletes a custom role nobody holds. A role still held is refused rather than
 * unassigned on the way: taking access away from people should be a visible step
 * per person (each audited as role.removed), not a side effect of tidying roles.
 */
export async function deleteRole(key: string, actor: Operator): Promise<{ ok: true } | RoleFailure> {
  return db.$transaction(async (tx) => {
    const role = await tx.role.findUnique({ where: { key }, include: { _count: { select: { users: true, permissions: true } } } });
    if (!role) return { ok: false as const, code: 'not_found', error: 'This role no longer exists.' };
    if (role.builtIn) return { ok: false as const, code: 'built_in', error: 'Built-in roles cannot be deleted.' };
    if (actor.type === 'client' && role._count.permissions > 0) return STAFF_ROLE_VIA_API;
    if (role._count.users > 0) {
      const people = role._count.users === 1 ? '1 person holds' : `${role._count.users} people hold`;
      return { ok: false as const, code: 'in_use', error: `${people} this role. Remove it from them first, then delete it.` };
    }
    await tx.role.delete({ where: { id: role.id } });
    await recordAudit(tx, {
      action: 'role.deleted',
      target: { type: 'role', id: role.id },
      metadata: { role: role.key },
      ...auditedAs(actor),
    });
    return { ok: true as const };
  });
}
