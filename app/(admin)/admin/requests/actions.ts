'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { adminAction } from '@/lib/rbac/admin-action';
import { runAccessExport, runErasure } from '@/lib/dsr/fulfilment';
import { assignRequest, fileRequest, rejectRequest, REQUEST_NOT_FOUND, startRequest, type DsrResult } from '@/lib/dsr/staff-requests';
import { assignRequestSchema, confirmErasureSchema, fileRequestSchema, rejectRequestSchema, requestIdSchema } from '@/lib/validation/dsr';

const QUEUE = '/admin/requests';
const request = { page: ([id]: readonly [string, ...unknown[]]) => `${QUEUE}/${id}`, gone: REQUEST_NOT_FOUND };

/** The request's page is re-rendered with the new status; the answer is shown beside the control. */
function answer(id: string, result: DsrResult) {
  if (result.ok) revalidatePath(`${QUEUE}/${id}`);
  return result.ok ? { ok: true as const, message: result.message } : { ok: false as const, formError: result.formError, fieldErrors: result.fieldErrors };
}

export const fileRequestAction = adminAction(
  'dsr:process',
  z.tuple([fileRequestSchema]),
  async ([input], staff) => {
    const result = await fileRequest(input, staff);
    if (!result.ok) return { ok: false as const, formError: result.formError, fieldErrors: result.fieldErrors };
    revalidatePath(QUEUE);
    redirect(`${QUEUE}/${result.requestId}`);
  },
  { page: QUEUE },
);

export const assignRequestAction = adminAction(
  'dsr:process',
  z.tuple([requestIdSchema, assignRequestSchema]),
  async ([id, { assigneeId }], staff) => answer(id, await assignRequest(id, assigneeId, staff)),
  request,
);

export const startRequestAction = adminAction(
  'dsr:process',
  z.tuple([requestIdSchema]),
  async ([id], staff) => answer(id, await startRequest(id, staff)),
  request,
);

export const runExportAction = adminAction(
  'dsr:process',
  z.tuple([requestIdSchema]),
  async ([id], staff) => answer(id, await runAccessExport(id, staff)),
  request,
);

export const runErasureAction = adminAction(
  'dsr:process',
  z.tuple([requestIdSchema, confirmErasureSchema]),
  async ([id, { confirmEmail }], staff) => answer(id, await runErasure(id, confirmEmail, staff)),
  // Erasure cannot be undone: like a password change, it needs a recent sign-in.
  { ...request, stepUp: true },
);

export const rejectRequestAction = adminAction(
  'dsr:process',
  z.tuple([requestIdSchema, rejectRequestSchema]),
  async ([id, { reason }], staff) => answer(id, await rejectRequest(id, reason, staff)),
  request,
);
