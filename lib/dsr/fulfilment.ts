import 'server-only';
import { db } from '@/lib/db/client';
import { config } from '@/lib/config';
import { recordAudit } from '@/lib/audit/record';
import { queueEmail } from '@/lib/email/send';
import { runSoon } from '@/lib/jobs/queue';
import { eraseUser, ErasureRefused, type ErasureEvidence } from '@/lib/users/erasure';
import type { Operator, StaffActor } from '@/lib/audit/actor';
import { buildUserExport, exportSummary, type UserExport } from './export-document';
import { actionableRequest, assigneeAfter, REQUEST_NOT_FOUND, requestAudit, subjectOutOfReach, type DsrResult } from './staff-requests';

// Completing a request: the export for an access request, the erasure for an erasure request.

const ACCOUNT_GONE = 'The account behind this request no longer exists, so there is nothing to act on. Reject the request with a reason instead.';

/**
 * Answers an access request: builds the export and keeps, as evidence, what it contained
 * (sections and counts, nothing personal). The customer downloads the file themself after
 * signing in (their "Download my data" button), so it never travels by email.
 */
export async function runAccessExport(requestId: string, by: Operator, now = new Date()): Promise<DsrResult> {
  const result = await db.$transaction(async (tx) => {
    const { request, refusal } = await actionableRequest(tx, requestId);
    if (!request) return refusal;
    if (request.type !== 'access') return { ok: false as const, formError: 'Only an access request can be answered with an export.' };
    const user = request.userId ? await tx.user.findUnique({ where: { id: request.userId }, select: { id: true, email: true } }) : null;
    if (!user) return { ok: false as const, formError: ACCOUNT_GONE };
    const outOfReach = await subjectOutOfReach(tx, by, user.id);
    if (outOfReach) return outOfReach;
    const summary = exportSummary(await buildUserExport(tx, user.id, now));
    await tx.dataSubjectRequest.update({
      where: { id: request.id },
      data: { status: 'completed', completedAt: now, assigneeId: assigneeAfter(request, by), evidence: JSON.stringify(summary) },
    });
    await recordAudit(tx, requestAudit(by, request.id, { action: 'dsr.completed', metadata: { requestType: 'access', format: summary.format } }));
    return { ok: true as const, notice: await queueEmail(tx, 'dsr_export_ready', user.email, { privacyUrl: `${config().appUrl}/account/privacy#your-data-title` }, { userId: user.id }) };
  });
  if (!result.ok) return result;
  await runSoon(result.notice);
  return { ok: true, message: 'The export is done and the customer has been emailed how to download it.' };
}

/**
 * Answers an erasure request with eraseUser (lib/users/erasure.ts), which also marks the
 * request completed with the tables and rows it touched. Refused under legal hold; the
 * refusal is audited too. The customer is told at the address captured before erasure.
 */
export async function runErasure(requestId: string, confirmEmail: string, by: Operator, now = new Date()): Promise<DsrResult<{ evidence?: ErasureEvidence }>> {
  try {
    return await eraseForRequest(requestId, confirmEmail, by, now);
  } catch (error) {
    // A staff account through the API, or the last administrator: nothing was changed.
    if (error instanceof ErasureRefused) return { ok: false, formError: error.message };
    throw error;
  }
}

async function eraseForRequest(requestId: string, confirmEmail: string, by: Operator, now: Date): Promise<DsrResult<{ evidence?: ErasureEvidence }>> {
  const result = await db.$transaction(async (tx) => {
    const { request, refusal } = await actionableRequest(tx, requestId);
    if (!request) return refusal;
    if (request.type !== 'erasure') return { ok: false as const, formError: 'Only an erasure request can erase an account.' };
    if (confirmEmail !== request.subjectEmail) {
      return { ok: false as const, fieldErrors: { confirmEmail: "That is not the customer's email address. Type it exactly as shown above." } };
    }
    const user = request.userId ? await tx.user.findUnique({ where: { id: request.userId }, select: { id: true, email: true, legalHold: true } }) : null;
    if (!user) return { ok: false as const, formError: ACCOUNT_GONE };
    // eraseUser checks this too; asking first keeps a refused erasure from being audited as a legal hold.
    const outOfReach = await subjectOutOfReach(tx, by, user.id);
    if (outOfReach) return outOfReach;
    if (user.legalHold) {
      await recordAudit(tx, requestAudit(by, request.id, { action: 'dsr.erasure_refused', result: 'failure', reason: 'legal_hold', metadata: { requestType: 'erasure' } }));
      return { ok: false as const, formError: 'This customer is under legal hold, so their data cannot be erased. The erasure can run once the hold is lifted.' };
    }
    const evidence = await eraseUser(tx, user.id, by);
    if (!evidence) return { ok: false as const, formError: ACCOUNT_GONE };
    // eraseUser completes every open erasure request of the person; this one is written explicitly all the same.
    await tx.dataSubjectRequest.update({
      where: { id: request.id },
      data: { status: 'completed', completedAt: now, assigneeId: assigneeAfter(request, by), evidence: JSON.stringify(evidence) },
    });
    await recordAudit(tx, requestAudit(by, request.id, { action: 'dsr.completed', metadata: { requestType: 'erasure', tables: Object.keys(evidence.rows).length } }));
    // Queued after the erasure, to the address captured before it, about nobody: the person is gone,
    // and the job keeps the address (encrypted) only until it is sent.
    const notice = await queueEmail(tx, 'dsr_erased', user.email, { signUpUrl: `${config().appUrl}/sign-up` }, { userId: null });
    return { ok: true as const, evidence, notice };
  });
  if (!result.ok) return result;
  await runSoon(result.notice);
  return { ok: true, message: 'The customer’s data is erased and they have been emailed.', evidence: result.evidence };
}

export type StaffExport = { ok: true; document: UserExport } | { ok: false; error: string };

/**
 * The export of a completed access request, for the staff member who handles it (to send
 * by another channel when the customer cannot sign in). Rebuilt from the data, never stored;
 * each download is audited against the request.
 */
export async function exportForStaff(requestId: string, staff: StaffActor, now = new Date()): Promise<StaffExport> {
  return db.$transaction(async (tx) => {
    const request = await tx.dataSubjectRequest.findUnique({ where: { id: requestId } });
    if (!request) return { ok: false, error: REQUEST_NOT_FOUND };
    if (request.type !== 'access' || request.status !== 'completed') return { ok: false, error: 'Only a completed access request has an export to download.' };
    const user = request.userId ? await tx.user.findUnique({ where: { id: request.userId }, select: { id: true } }) : null;
    if (!user) return { ok: false, error: ACCOUNT_GONE };
    const outOfReach = await subjectOutOfReach(tx, staff, user.id);
    if (outOfReach) return { ok: false, error: outOfReach.formError };
    const document = await buildUserExport(tx, user.id, now);
    await recordAudit(tx, requestAudit(staff, request.id, { action: 'dsr.export_downloaded', metadata: { requestType: 'access' } }));
    return { ok: true, document };
  });
}
