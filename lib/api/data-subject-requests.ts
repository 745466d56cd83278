import 'server-only';
import { db } from '@/lib/db/client';
import { isOverdue } from '@/lib/dsr/queue';

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
