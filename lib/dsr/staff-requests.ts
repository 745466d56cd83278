import 'server-only';
import { db, type Tx } from '@/lib/db/client';
import { recordAudit, type AuditEventInput } from '@/lib/audit/record';
import { queueEmail } from '@/lib/email/send';
import { runSoon, type QueuedJob } from '@/lib/jobs/queue';
import { formatDate } from '@/lib/users/deletion';
import { auditedAs, type Operator, type StaffActor } from '@/lib/audit/actor';
import { ACTIVE_DSR_STATUSES, type DsrType } from '@/lib/validation/dsr';
import { mayActOn } from '@/lib/rbac/hierarchy';
import { canProcessRequests } from './queue';
import { REQUEST_TARGET } from './request-detail';

// Handling a data-subject request in the queue. The permission check (dsr:process) is in the
// server actions, and the dsr:process scope in the management API; each step is one
// transaction with its audit event, targeted at the request.

/** GDPR art. 12(3): a request is answered within one month. */
export const DSR_DUE_DAYS = 30;

export type DsrResult<T = object> =
  | ({ ok: true; message: string } & T)
  | { ok: false; formError?: string; fieldErrors?: Record<string, string> };

export const REQUEST_NOT_FOUND = 'That request was not found.';
const notFound = { ok: false as const, formError: REQUEST_NOT_FOUND };

export function requestAudit(by: Operator, requestId: string, event: Omit<AuditEventInput, 'actor' | 'target' | 'sessionId' | 'context'>): AuditEventInput {
  return { ...event, ...auditedAs(by), target: { type: REQUEST_TARGET, id: requestId } };
}

/** Staff who act on an unassigned request take it; a client is nobody's assignee, so it stays as it was. */
export function assigneeAfter(request: { assigneeId: string | null }, by: Operator) {
  return request.assigneeId ?? (by.type === 'client' ? null : by.id);
}

/**
 * Whether `by` may act on the person a request is about (lib/rbac/hierarchy.ts): a support
 * agent or compliance officer must not file, export or erase for an administrator, nor a
 * client for any staff member. Null when they may; otherwise the refusal to give.
 */
export async function subjectOutOfReach(tx: Tx, by: Operator, userId: string) {
  const reach = await mayActOn(tx, by, userId);
  return reach.ok ? null : { ok: false as const, formError: reach.error };
}

/** The request, if staff can still act on it; otherwise the answer to give. */
export async function actionableRequest(tx: Tx, id: string) {
  const request = await tx.dataSubjectRequest.findUnique({ where: { id } });
  if (!request) return { request: null, refusal: notFound };
  if (!(ACTIVE_DSR_STATUSES as string[]).includes(request.status)) {
    return { request: null, refusal: { ok: false as const, formError: `This request is already ${request.status.replace('_', ' ')}.` } };
  }
  return { request, refusal: null };
}

/** A subject's address that can still receive mail (erasure replaces it with a tombstone). */
export function mailableAddress(email: string) {
  return email.endsWith('@erased.invalid') ? null : email;
}

const endOfDay = (day: string) => new Date(`${day}T23:59:59.999Z`);

/**
 * Files a request on a customer's behalf (they asked by phone, letter or email). The address
 * must belong to an account: staff see that it does not, which leaks nothing they could not look up.
 */
export async function fileRequest(
  input: { email: string; type: DsrType; dueOn?: string; notes?: string },
  by: Operator,
  now = new Date(),
): Promise<DsrResult<{ requestId: string }>> {
  const result = await db.$transaction(async (tx): Promise<DsrResult<{ requestId: string; acknowledgement: QueuedJob }>> => {
    const user = await tx.user.findUnique({ where: { email: input.email }, select: { id: true, email: true, status: true } });
    if (!user || user.status === 'erased') {
      return { ok: false, fieldErrors: { email: 'No customer account uses this email address. Check the spelling, or ask which address they signed up with.' } };
    }
    const outOfReach = await subjectOutOfReach(tx, by, user.id);
    if (outOfReach) return outOfReach;
    const open = await tx.dataSubjectRequest.findFirst({ where: { userId: user.id, type: input.type, status: { in: ACTIVE_DSR_STATUSES } }, select: { id: true } });
    if (open) return { ok: false, fieldErrors: { type: `This customer already has an open ${input.type} request. Handle that one instead.` } };
    const dueAt = input.dueOn ? endOfDay(input.dueOn) : new Date(now.getTime() + DSR_DUE_DAYS * 24 * 60 * 60 * 1000);
    const request = await tx.dataSubjectRequest.create({
      data: {
        userId: user.id,
        subjectEmail: user.email,
        type: input.type,
        status: 'open',
        source: by.type === 'client' ? 'api' : 'staff',
        dueAt,
        filedById: by.type === 'client' ? null : by.id,
        notes: input.notes || null,
      },
    });
    const filed = { action: 'dsr.filed' as const, metadata: { requestType: input.type, dueAt: dueAt.toISOString() } };
    await recordAudit(tx, requestAudit(by, request.id, filed));
    const acknowledgement = await queueEmail(tx, 'dsr_acknowledged', user.email, { kind: input.type, dueDate: formatDate(dueAt) }, { userId: user.id });
    return { ok: true, message: 'The request is filed.', requestId: request.id, acknowledgement };
  });
  if (!result.ok) return result;
  await runSoon(result.acknowledgement);
  return { ok: true, message: result.message, requestId: result.requestId };
}

/** Gives the request to someone who may process requests (the staff member themself or a colleague). */
export async function assignRequest(requestId: string, assigneeId: string, staff: StaffActor): Promise<DsrResult> {
  return db.$transaction(async (tx): Promise<DsrResult> => {
    const { request, refusal } = await actionableRequest(tx, requestId);
    if (!request) return refusal;
    if (!(await canProcessRequests(tx, assigneeId))) {
      return { ok: false, fieldErrors: { assigneeId: 'This person cannot process data requests: they need a role with the dsr:process permission.' } };
    }
    if (request.assigneeId === assigneeId) return { ok: true, message: 'The request was already assigned to them.' };
    await tx.dataSubjectRequest.update({ where: { id: request.id }, data: { assigneeId } });
    await recordAudit(tx, requestAudit(staff, request.id, { action: 'dsr.assigned', metadata: { requestType: request.type, assigneeId } }));
    return { ok: true, message: assigneeId === staff.id ? 'The request is assigned to you.' : 'The request is assigned.' };
  });
}

/** Marks an open request as being worked on; an unassigned one goes to whoever starts it. */
export async function startRequest(requestId: string, staff: StaffActor): Promise<DsrResult> {
  return db.$transaction(async (tx): Promise<DsrResult> => {
    const { request, refusal } = await actionableRequest(tx, requestId);
    if (!request) return refusal;
    if (request.status === 'in_progress') return { ok: false, formError: 'This request is already in progress.' };
    await tx.dataSubjectRequest.update({ where: { id: request.id }, data: { status: 'in_progress', assigneeId: request.assigneeId ?? staff.id } });
    await recordAudit(tx, requestAudit(staff, request.id, { action: 'dsr.started', metadata: { requestType: request.type } }));
    return { ok: true, message: 'The request is in progress.' };
  });
}

/** Declines a request with a reason, which the customer is told by email. */
export async function rejectRequest(requestId: string, reason: string, by: Operator, now = new Date()): Promise<DsrResult> {
  const result = await db.$transaction(async (tx) => {
    const { request, refusal } = await actionableRequest(tx, requestId);
    if (!request) return refusal;
    if (request.type === 'erasure' && request.source === 'self_service' && request.userId) {
      const user = await tx.user.findUnique({ where: { id: request.userId }, select: { status: true } });
      // Declining here would not stop the scheduled erasure; only the customer (restore) or a legal hold can.
      if (user?.status === 'pending_deletion') {
        return { ok: false as const, formError: 'The customer scheduled this deletion themselves. Only they can cancel it (by signing in to restore the account), or a legal hold can pause it.' };
      }
    }
    await tx.dataSubjectRequest.update({ where: { id: request.id }, data: { status: 'rejected', completedAt: now, evidence: JSON.stringify({ reason }) } });
    await recordAudit(tx, requestAudit(by, request.id, { action: 'dsr.rejected', metadata: { requestType: request.type }, personal: { reason } }));
    const to = mailableAddress(request.subjectEmail);
    const kind = request.type === 'erasure' ? 'erasure' : 'access';
    return { ok: true as const, notice: to ? await queueEmail(tx, 'dsr_rejected', to, { kind, reason }, { userId: request.userId }) : null };
  });
  if (!result.ok) return result;
  await runSoon(result.notice);
  return { ok: true, message: 'The request is rejected and the customer has been told why.' };
}
