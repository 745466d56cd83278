import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import { auditedAs, type Operator, type StaffActor } from '@/lib/audit/actor';
import { STAFF_ROLE_VIA_API, type RoleFailure } from './roles';
import { mayActOn, permissionsHeld, permissionsMissing, STAFF_ACCOUNT_VIA_API } from './hierarchy';
import type { Permission } from './permissions';

export { STAFF_ACCOUNT_VIA_API };

/** The role that must always have a holder, so someone can still manage roles. */
export const ADMIN_ROLE = 'admin';

/** Staff hold a role that grants at least one permission; a role without any is a customer's label. */
export async function isStaff(tx: DbOrTx, userId: string) {
  return (await tx.userRole.count({ where: { userId, role: { permissions: { some: {} } } } })) > 0;
}

/**
 * Whether nobody but this person is an active administrator: without another, nobody could
 * manage roles or reactivate them. Only active holders count: a suspended, closing or erased
 * administrator cannot sign in to undo anything. Touching the admin role's row makes the callers
 * that change administrators (suspension, role removal, erasure) queue behind each other (a row
 * lock on PostgreSQL; SQLite has one writer anyway), so two cannot take out each other at once.
 */
export async function isLastActiveAdministrator(tx: DbOrTx, userId: string, { lock = true } = {}) {
  const role = await tx.role.findUnique({ where: { key: ADMIN_ROLE }, select: { id: true } });
  if (!role) return false;
  const holds = await tx.userRole.findUnique({ where: { userId_roleId: { userId, roleId: role.id } }, select: { userId: true } });
  if (!holds) return false;
  // A page explaining a button reads without the lock; every change takes it.
  if (lock) await tx.role.update({ where: { id: role.id }, data: { updatedAt: new Date() } });
  const others = await tx.userRole.count({ where: { roleId: role.id, userId: { not: userId }, user: { status: 'active' } } });
  return others === 0;
}

/** For pages: the same question without taking the lock, to explain a button that cannot work. */
export async function isOnlyActiveAdministrator(userId: string) {
  return isLastActiveAdministrator(db, userId, { lock: false });
}

const NO_ROLE: RoleFailure = { ok: false, code: 'not_found', error: 'This role no longer exists.' };

const LAST_ADMIN: RoleFailure = {
  ok: false,
  code: 'last_admin',
  error: 'This is the last active administrator. Give the Administrator role to someone else (or reactivate another administrator) before removing it here.',
};

/**
 * For the role page: why this staff member could not take the role from this person (the rules
 * removeRole applies, read without its lock), or null when the Remove button would work.
 */
export async function removalRefusal(staff: StaffActor, userId: string, roleKey: string): Promise<string | null> {
  const reach = await mayActOn(db, staff, userId);
  if (!reach.ok) return reach.error;
  return roleKey === ADMIN_ROLE && (await isOnlyActiveAdministrator(userId)) ? LAST_ADMIN.error : null;
}

/** Gives a person a role, found by their email address (as staff know them). */
export async function assignRoleByEmail(email: string, roleKey: string, actor: StaffActor) {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  // Only staff with rbac:manage reach this, so saying the account does not exist leaks nothing new.
  if (!user) return { ok: false as const, code: 'no_user', field: 'email' as const, error: 'No account uses this email address.' };
  return assignRole(user.id, roleKey, actor);
}

export async function assignRole(userId: string, roleKey: string, actor: Operator): Promise<{ ok: true; alreadyHeld: boolean } | RoleFailure> {
  return db.$transaction(async (tx) => {
    const role = await tx.role.findUnique({ where: { key: roleKey }, select: { id: true, key: true, permissions: { select: { permission: true } } } });
    if (!role) return NO_ROLE;
    if (actor.type === 'client' && role.permissions.length > 0) return STAFF_ROLE_VIA_API;
    const refused = await refusedFor(tx, actor, userId, role.permissions.map((p) => p.permission as Permission));
    if (refused) return refused;
    const held = await tx.userRole.findUnique({ where: { userId_roleId: { userId, roleId: role.id } } });
    if (held) return { ok: true as const, alreadyHeld: true };
    await tx.userRole.create({ data: { userId, roleId: role.id, assignedById: actor.type === 'client' ? null : actor.id } });
    await emitWebhookEvent(tx, 'role.assigned', { userId, role: role.key });
    await recordAudit(tx, {
      action: 'role.assigned',
      target: { type: 'user', id: userId },
      metadata: { role: role.key },
      ...auditedAs(actor),
    });
    return { ok: true as const, alreadyHeld: false };
  });
}

/**
 * Takes a role away. The last holder of the admin role keeps it: without one, nobody
 * could manage roles again short of editing the database.
 */
export async function removeRole(userId: string, roleKey: string, actor: Operator): Promise<{ ok: true } | RoleFailure> {
  return db.$transaction(async (tx) => {
    const role = await tx.role.findUnique({ where: { key: roleKey }, select: { id: true, key: true, _count: { select: { permissions: true } } } });
    if (!role) return NO_ROLE;
    if (actor.type === 'client' && role._count.permissions > 0) return STAFF_ROLE_VIA_API;
    // Taking a role from someone is acting on them: only on people within the actor's own permissions.
    const refused = await refusedFor(tx, actor, userId, []);
    if (refused) return refused;
    if (role.key === ADMIN_ROLE && (await isLastActiveAdministrator(tx, userId))) return LAST_ADMIN;
    const removed = await tx.userRole.deleteMany({ where: { userId, roleId: role.id } });
    if (removed.count === 0) return { ok: true as const };
    await emitWebhookEvent(tx, 'role.removed', { userId, role: role.key });
    await recordAudit(tx, {
      action: 'role.removed',
      target: { type: 'user', id: userId },
      metadata: { role: role.key },
      ...auditedAs(actor),
    });
    return { ok: true as const };
  });
}

/**
 * Why this actor may not give (or take) a role: the person is beyond their own permissions, or
 * the role grants what they do not hold themself. You cannot grant what you do not hold, or a
 * custom role with rbac:manage alone would be one click from Administrator.
 */
async function refusedFor(tx: DbOrTx, actor: Operator, userId: string, granted: Permission[]): Promise<RoleFailure | null> {
  const reach = await mayActOn(tx, actor, userId);
  if (!reach.ok) return { ok: false, code: reach.code, error: reach.error };
  if (actor.type === 'client' || granted.length === 0) return null;
  const missing = permissionsMissing(await permissionsHeld(tx, actor.id), granted);
  if (missing.length === 0) return null;
  return { ok: false, code: 'beyond_own', error: `This role grants permissions you do not hold (${missing.join(', ')}), so you cannot give it to anyone. Ask someone who holds them.` };
}
