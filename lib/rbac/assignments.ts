import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import { isApiCaller } from '@/lib/api/caller';
import { roleAuditActor, STAFF_ROLE_VIA_API, type RoleActor, type RoleFailure, type StaffOrClient } from './roles';

/** The role that must always have a holder, so someone can still manage roles. */
export const ADMIN_ROLE = 'admin';

/** Staff hold a role that grants at least one permission; a role without any is a customer's label. */
export async function isStaff(tx: DbOrTx, userId: string) {
  return (await tx.userRole.count({ where: { userId, role: { permissions: { some: {} } } } })) > 0;
}

/** Whether this person alone holds the admin role: without them nobody could manage roles. */
export async function isLastAdministrator(tx: DbOrTx, userId: string) {
  const holders = await tx.userRole.findMany({ where: { role: { key: ADMIN_ROLE } }, select: { userId: true }, take: 2 });
  return holders.length === 1 && holders[0]!.userId === userId;
}

// A leaked API token must not be able to lock staff out or remove them: their accounts are
// changed by administrators, in the console, where each change is a person's decision.
export const STAFF_ACCOUNT_VIA_API = 'This account belongs to staff: only an administrator can change it, in the admin console.';

const NO_ROLE: RoleFailure = { ok: false, code: 'not_found', error: 'This role no longer exists.' };

/** Gives a person a role, found by their email address (as staff know them). */
export async function assignRoleByEmail(email: string, roleKey: string, actor: RoleActor) {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  // Only staff with rbac:manage reach this, so saying the account does not exist leaks nothing new.
  if (!user) return { ok: false as const, code: 'no_user', field: 'email' as const, error: 'No account uses this email address.' };
  return assignRole(user.id, roleKey, actor);
}

export async function assignRole(userId: string, roleKey: string, actor: StaffOrClient): Promise<{ ok: true; alreadyHeld: boolean } | RoleFailure> {
  return db.$transaction(async (tx) => {
    const role = await tx.role.findUnique({ where: { key: roleKey }, select: { id: true, key: true, _count: { select: { permissions: true } } } });
    if (!role) return NO_ROLE;
    if (isApiCaller(actor) && role._count.permissions > 0) return STAFF_ROLE_VIA_API;
    const held = await tx.userRole.findUnique({ where: { userId_roleId: { userId, roleId: role.id } } });
    if (held) return { ok: true as const, alreadyHeld: true };
    await tx.userRole.create({ data: { userId, roleId: role.id, assignedById: isApiCaller(actor) ? null : actor.userId } });
    await emitWebhookEvent(tx, 'role.assigned', { userId, role: role.key });
    await recordAudit(tx, {
      action: 'role.assigned',
      target: { type: 'user', id: userId },
      metadata: { role: role.key },
      ...roleAuditActor(actor),
    });
    return { ok: true as const, alreadyHeld: false };
  });
}

/**
 * Takes a role away. The last holder of the admin role keeps it: without one, nobody
 * could manage roles again short of editing the database.
 */
export async function removeRole(userId: string, roleKey: string, actor: StaffOrClient): Promise<{ ok: true } | RoleFailure> {
  return db.$transaction(async (tx) => {
    const role = await tx.role.findUnique({ where: { key: roleKey }, select: { id: true, key: true, _count: { select: { permissions: true } } } });
    if (!role) return NO_ROLE;
    if (isApiCaller(actor) && role._count.permissions > 0) return STAFF_ROLE_VIA_API;
    if (role.key === ADMIN_ROLE) {
      // Touching the role row makes concurrent removals queue behind each other (a row lock on
      // PostgreSQL; SQLite has one writer anyway), so two admins cannot remove each other at once.
      await tx.role.update({ where: { id: role.id }, data: { updatedAt: new Date() } });
      const others = await tx.userRole.count({ where: { roleId: role.id, userId: { not: userId } } });
      if (others === 0) {
        return {
          ok: false as const,
          code: 'last_admin',
          error: 'This is the last administrator. Give the Administrator role to someone else before removing it here.',
        };
      }
    }
    const removed = await tx.userRole.deleteMany({ where: { userId, roleId: role.id } });
    if (removed.count === 0) return { ok: true as const };
    await emitWebhookEvent(tx, 'role.removed', { userId, role: role.key });
    await recordAudit(tx, {
      action: 'role.removed',
      target: { type: 'user', id: userId },
      metadata: { role: role.key },
      ...roleAuditActor(actor),
    });
    return { ok: true as const };
  });
}
