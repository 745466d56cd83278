import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';
import type { AuditEventInput } from '@/lib/audit/record';
import { ALL_PERMISSIONS, type Permission } from './permissions';

// Who may act on whom. A staff member may change another person's account only when
// everything that person holds, the actor holds too (target's permissions ⊆ actor's):
// otherwise a support agent could suspend, sign out, reset or erase an administrator, and
// with that lock out the people who oversee them (ASVS 5.0 V8.2.2 / 8.3.1: authorisation is
// enforced at the service layer on every function and object; OWASP "privilege escalation").
// The rule lives here once; every domain function that acts on a person calls mayActOn in
// its own transaction, so the console, the data-subject request paths and the management API
// all get it.

/** Who is acting, in the audit log's terms. */
export type ActingParty = NonNullable<AuditEventInput['actor']>;

export type Outranked = { ok: false; code: 'outranked'; error: string };

/**
 * A machine client acts with its scopes, which never reach staff: a leaked API token must not
 * be able to lock staff out or remove them. Their accounts are changed in the console, where
 * each change is a person's decision.
 */
export const STAFF_ACCOUNT_VIA_API = 'This account belongs to staff: only an administrator can change it, in the admin console.';

/** Every permission a user holds through their roles, read in the caller's transaction. */
export async function permissionsHeld(tx: DbOrTx, userId: string): Promise<Set<Permission>> {
  const rows = await tx.rolePermission.findMany({ where: { role: { users: { some: { userId } } } }, select: { permission: true } });
  return new Set(rows.map((r) => r.permission as Permission));
}

/** The permissions of `wanted` that `held` lacks, in catalogue order. */
export function permissionsMissing(held: ReadonlySet<Permission>, wanted: Iterable<Permission>): Permission[] {
  const missing = new Set([...wanted].filter((p) => !held.has(p)));
  return ALL_PERMISSIONS.filter((p) => missing.has(p));
}

/** What of `wanted` this staff member lacks, for pages that offer only what they may give. */
export async function permissionsMissingFor(staff: { id: string }, wanted: Iterable<Permission>): Promise<Permission[]> {
  return permissionsMissing(await permissionsHeld(db, staff.id), wanted);
}

export function outranked(missing: Permission[]): Outranked {
  return {
    ok: false,
    code: 'outranked',
    error: `This person holds permissions you do not (${missing.join(', ')}), so you cannot change their account. Ask someone who holds all of them, such as an administrator.`,
  };
}

/**
 * Whether `actor` may act on the account `targetId`: staff only on people whose permissions are a
 * subset of their own; a client only on people without any (customers); the system always; a
 * person only on themself. Reads both sets in `tx`, so the answer holds for the change it guards.
 */
export async function mayActOn(tx: DbOrTx, actor: ActingParty, targetId: string): Promise<{ ok: true } | Outranked> {
  if (actor.type === 'system') return { ok: true };
  if (actor.type === 'user') return actor.id === targetId ? { ok: true } : { ok: false, code: 'outranked', error: 'You can only change your own account.' };
  const target = await permissionsHeld(tx, targetId);
  if (actor.type === 'client') return target.size === 0 ? { ok: true } : { ok: false, code: 'outranked', error: STAFF_ACCOUNT_VIA_API };
  if (!actor.id) return outranked([...target]);
  if (actor.id === targetId || target.size === 0) return { ok: true };
  const missing = permissionsMissing(await permissionsHeld(tx, actor.id), target);
  return missing.length === 0 ? { ok: true } : outranked(missing);
}

/** For pages: whether the signed-in staff member may act on this person, and if not, why. */
export async function staffMayActOn(staffId: string, targetId: string) {
  return mayActOn(db, { type: 'staff', id: staffId }, targetId);
}
