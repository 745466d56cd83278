import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { mayActOn } from '@/lib/rbac/hierarchy';
import { auditedAs, type StaffActor } from '@/lib/audit/actor';

/**
 * Legal hold: while it is on, nothing removes the person's data. Retention skips their
 * rows and accounts, and erasure refuses them (lib/users/erasure.ts). The audit events
 * target a "legal_hold" rather than the user, so the hold is not shown in the person's
 * own activity: telling someone their records are preserved for litigation can tip them off.
 */

export type LegalHoldResult = { ok: true; message: string } | { ok: false; formError: string };

/** Everyone under legal hold, by id and email, for the retention queries to leave out. */
export async function heldUsers(client: DbOrTx = db) {
  const held = await client.user.findMany({ where: { legalHold: true }, select: { id: true, email: true } });
  return { ids: held.map((u) => u.id), emails: held.map((u) => u.email) };
}

export async function legalHoldOf(userId: string) {
  return db.user.findUnique({ where: { id: userId }, select: { legalHold: true, legalHoldReason: true } });
}

export async function placeLegalHold(userId: string, reason: string, staff: StaffActor): Promise<LegalHoldResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, status: true, legalHold: true } });
    if (!user) return { ok: false, formError: 'That account was not found.' };
    // A hold (or its release) on someone above the actor is theirs to decide, not the actor's.
    const reach = await mayActOn(tx, staff, user.id);
    if (!reach.ok) return { ok: false, formError: reach.error };
    if (user.status === 'erased') return { ok: false, formError: 'This account was already erased; there is nothing left to hold.' };
    if (user.legalHold) return { ok: false, formError: 'This account is already under legal hold.' };
    await tx.user.update({ where: { id: user.id }, data: { legalHold: true, legalHoldReason: reason } });
    await recordAudit(tx, { action: 'user.legal_hold_placed', personal: { reason }, target: { type: 'legal_hold', id: user.id }, ...auditedAs(staff) });
    return { ok: true, message: 'The account is under legal hold: retention and erasure will leave it alone.' };
  });
}

export async function releaseLegalHold(userId: string, staff: StaffActor): Promise<LegalHoldResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, legalHold: true, legalHoldReason: true } });
    if (!user) return { ok: false, formError: 'That account was not found.' };
    const reach = await mayActOn(tx, staff, user.id);
    if (!reach.ok) return { ok: false, formError: reach.error };
    if (!user.legalHold) return { ok: false, formError: 'This account is not under legal hold.' };
    await tx.user.update({ where: { id: user.id }, data: { legalHold: false, legalHoldReason: null } });
    await recordAudit(tx, {
      action: 'user.legal_hold_released',
      target: { type: 'legal_hold', id: user.id },
      personal: { heldFor: user.legalHoldReason },
      ...auditedAs(staff),
    });
    return { ok: true, message: 'The legal hold is released.' };
  });
}
