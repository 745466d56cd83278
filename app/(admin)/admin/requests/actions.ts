'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { isRecentlyAuthenticated, stepUpRequired } from '@/lib/auth/step-up';
import { requestContext } from '@/lib/http/request-context';
import { requirePermission } from '@/lib/rbac/check';
import { runAccessExport, runErasure } from '@/lib/dsr/fulfilment';
import { assignRequest, fileRequest, rejectRequest, REQUEST_NOT_FOUND, startRequest, type DsrResult } from '@/lib/dsr/staff-requests';
import { assignRequestSchema, confirmErasureSchema, fileRequestSchema, rejectRequestSchema, requestIdSchema } from '@/lib/validation/dsr';

const QUEUE = '/admin/requests';

function fieldErrorsOf(error: z.ZodError) {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return { ok: false as const, fieldErrors };
}

async function asStaff(returnTo: string) {
  const session = await requirePermission('dsr:process', returnTo);
  return { session, staff: { id: session.user.id, sessionId: session.sessionId, context: await requestContext() } };
}

/** The request's page is re-rendered with the new status; the answer is shown beside the control. */
function answer(id: string, result: DsrResult) {
  if (result.ok) revalidatePath(`${QUEUE}/${id}`);
  return result.ok ? { ok: true as const, message: result.message } : { ok: false as const, formError: result.formError, fieldErrors: result.fieldErrors };
}

const idOf = (raw: unknown) => {
  const parsed = requestIdSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
};

export async function fileRequestAction(values: unknown) {
  const { staff } = await asStaff(QUEUE);
  const parsed = fileRequestSchema.safeParse(values);
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  const result = await fileRequest(parsed.data, staff);
  if (!result.ok) return { ok: false as const, formError: result.formError, fieldErrors: result.fieldErrors };
  revalidatePath(QUEUE);
  redirect(`${QUEUE}/${result.requestId}`);
}

export async function assignRequestAction(requestId: string, values: unknown) {
  const { staff } = await asStaff(QUEUE);
  const parsed = assignRequestSchema.safeParse(values);
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  const id = idOf(requestId);
  if (!id) return { ok: false as const, formError: REQUEST_NOT_FOUND };
  return answer(id, await assignRequest(id, parsed.data.assigneeId, staff));
}

export async function startRequestAction(requestId: string) {
  const { staff } = await asStaff(QUEUE);
  const id = idOf(requestId);
  if (!id) return { ok: false as const, formError: REQUEST_NOT_FOUND };
  return answer(id, await startRequest(id, staff));
}

export async function runExportAction(requestId: string) {
  const { staff } = await asStaff(QUEUE);
  const id = idOf(requestId);
  if (!id) return { ok: false as const, formError: REQUEST_NOT_FOUND };
  return answer(id, await runAccessExport(id, staff));
}

export async function runErasureAction(requestId: string, values: unknown) {
  const { session, staff } = await asStaff(QUEUE);
  const parsed = confirmErasureSchema.safeParse(values);
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  const id = idOf(requestId);
  if (!id) return { ok: false as const, formError: REQUEST_NOT_FOUND };
  // Erasure cannot be undone: like a password change, it needs a recent sign-in.
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(`${QUEUE}/${id}`);
  return answer(id, await runErasure(id, parsed.data.confirmEmail, staff));
}

export async function rejectRequestAction(requestId: string, values: unknown) {
  const { staff } = await asStaff(QUEUE);
  const parsed = rejectRequestSchema.safeParse(values);
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  const id = idOf(requestId);
  if (!id) return { ok: false as const, formError: REQUEST_NOT_FOUND };
  return answer(id, await rejectRequest(id, parsed.data.reason, staff));
}
