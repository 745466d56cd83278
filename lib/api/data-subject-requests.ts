import 'server-only';
import { db } from '@/lib/db/client';
import { isOverdue } from '@/lib/dsr/queue';
import { REQUEST_NOT_FOUND, type DsrResult } from '@/lib/dsr/staff-requests';
import { problem } from './problem';

type RequestRow = { id: string; type: string; status: string; subjectEmail: string; source: string; dueAt: Date; createdAt: Date };

/** A data-subject request as the API shows it (apiDsrSchema). */
export function apiRequestOf(r: RequestRow) {
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    subjectEmail: r.subjectEmail,
    source: r.source,
    dueAt: r.dueAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    overdue: isOverdue(r),
  };
}

export async function findApiRequest(id: string) {
  const row = await db.dataSubjectRequest.findUnique({ where: { id } });
  return row ? apiRequestOf(row) : null;
}

/**
 * A refused step on a request as problem details: field errors are the caller's input (400),
 * an unknown request is 404, and anything else is the request's state — already finished,
 * the customer under legal hold, the account gone — so 409.
 */
export function dsrProblem(refusal: Extract<DsrResult, { ok: false }>) {
  if (refusal.fieldErrors) {
    const errors = Object.entries(refusal.fieldErrors).map(([field, detail]) => ({ pointer: `/${field}`, detail }));
    return problem('invalid_request', refusal.formError ?? 'Some fields are not valid; see errors.', { errors });
  }
  if (refusal.formError === REQUEST_NOT_FOUND) return problem('not_found', 'No data-subject request has this id.');
  return problem('conflict', refusal.formError);
}
