import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import { isLastActiveAdministrator } from '@/lib/rbac/assignments';
import { mayActOn } from '@/lib/rbac/hierarchy';
import { sendVerificationLink } from '@/lib/auth/email-verification';
import { sendPasswordResetLink } from '@/lib/auth/password-reset';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { revokeAppTokensOf } from '@/lib/oidc/token-revocation';
import { auditedAs, type Operator, type StaffActor } from '@/lib/audit/actor';

// What support can do for a customer. The permission check is in the server actions
// (requirePermission), or the management API's scope check; who may be acted on is checked
// here (lib/rbac/hierarchy.ts), so every path gets it. Each change is audited, as the staff
// member or the API client, in its own transaction.

export type SupportResult = { ok: true; message: string } | { ok: false; formError: string };

const notFound: SupportResult = { ok: false, formError: 'That account was not found.' };

/** The refusal to give when `by` may not act on this person (they hold more than `by` does), or null. */
async function refusal(tx: DbOrTx, by: Operator, userId: string): Promise<SupportResult | null> {
  const reach = await mayActOn(tx, by, userId);
  return reach.ok ? null : { ok: false, formError: reach.error };
}

export async function resendVerificationForCustomer(customerId: string, staff: StaffActor): Promise<SupportResult> {
  const user = await db.user.findUnique({ where: { id: customerId }, select: { id: true, email: true, emailVerified: true, status: true } });
  if (!user) return notFound;
  const refused = await refusal(db, staff, user.id);
  if (refused) return refused;
  if (user.emailVerified) return { ok: false, formError: 'This email address is already confirmed.' };
  if (user.status !== 'active') return { ok: false, formError: 'This account is not active.' };
  const sent = await sendVerificationLink(user, { action: 'staff.verification_sent', ...auditedAs(staff) });
  return sent.ok ? { ok: true, message: `A confirmation link was sent to ${user.email}.` } : { ok: false, formError: sent.message };
}

export async function sendPasswordResetForCustomer(customerId: string, staff: StaffActor): Promise<SupportResult> {
  const user = await db.user.findUnique({ where: { id: customerId }, select: { id: true, email: true, status: true } });
  if (!user) return notFound;
  // A reset link to an administrator's mailbox is a step towards taking their account.
  const refused = await refusal(db, staff, user.id);
  if (refused) return refused;
  // A reset link for an inactive account would be refused on use (resetPassword checks the status).
  if (user.status !== 'active') return { ok: false, formError: 'This account is not active.' };
  await sendPasswordResetLink(user, { action: 'staff.password_reset_sent', ...auditedAs(staff) });
  return { ok: true, message: `A password reset link was sent to ${user.email}.` };
}

/** Ends every session of the customer: their browsers are signed out on their next request. */
export async function revokeCustomerSessions(customerId: string, by: Operator): Promise<SupportResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: customerId }, select: { id: true } });
    if (!user) return notFound;
    const refused = await refusal(tx, by, user.id);
    if (refused) return refused;
    const revoked = await revokeUserSessions(tx, user.id, by.type === 'client' ? 'revoked_by_api' : 'revoked_by_staff');
    await revokeAppTokensOf(tx, user.id);
    await recordAudit(tx, {
      action: by.type === 'client' ? 'api.sessions_revoked' : 'staff.sessions_revoked',
      target: { type: 'user', id: user.id },
      metadata: { count: revoked.count },
      ...auditedAs(by),
    });
    return { ok: true, message: revoked.count === 1 ? 'One session was ended.' : `${revoked.count} sessions were ended.` };
  });
}

/** Suspends an active account and ends its sessions; sign-in is refused until reactivated. */
export async function suspendCustomer(customerId: string, reason: string, by: Operator): Promise<SupportResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: customerId }, select: { id: true, status: true } });
    if (!user) return notFound;
    const refused = await refusal(tx, by, user.id);
    if (refused) return refused;
    if (user.status !== 'active') return { ok: false, formError: `Only an active account can be suspended; this one is ${user.status.replace('_', ' ')}.` };
    if (await isLastActiveAdministrator(tx, user.id)) {
      return { ok: false, formError: 'This is the last active administrator: suspending them would leave nobody to manage roles or undo it. Make someone else an administrator first.' };
    }
    await tx.user.update({ where: { id: user.id }, data: { status: 'suspended', statusReason: reason } });
    await emitWebhookEvent(tx, 'user.updated', { userId: user.id, changes: ['status'], status: 'suspended' });
    const revoked = await revokeUserSessions(tx, user.id, 'suspended');
    await revokeAppTokensOf(tx, user.id);
    await recordAudit(tx, {
      action: by.type === 'client' ? 'api.user_suspended' : 'staff.user_suspended',
      personal: { reason },
      target: { type: 'user', id: user.id },
      metadata: { sessionsRevoked: revoked.count },
      ...auditedAs(by),
    });
    return { ok: true, message: 'The account is suspended and signed out everywhere.' };
  });
}

export async function reactivateCustomer(customerId: string, reason: string, by: Operator): Promise<SupportResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: customerId }, select: { id: true, status: true } });
    if (!user) return notFound;
    const refused = await refusal(tx, by, user.id);
    if (refused) return refused;
    if (user.status !== 'suspended') return { ok: false, formError: 'Only a suspended account can be reactivated.' };
    await tx.user.update({ where: { id: user.id }, data: { status: 'active', statusReason: null } });
    await emitWebhookEvent(tx, 'user.updated', { userId: user.id, changes: ['status'], status: 'active' });
    await recordAudit(tx, {
      action: by.type === 'client' ? 'api.user_reactivated' : 'staff.user_reactivated',
      personal: { reason },
      target: { type: 'user', id: user.id },
      ...auditedAs(by),
    });
    return { ok: true, message: 'The account is active again.' };
  });
}
