import { notFound } from 'next/navigation';
import { requirePermission } from '@/lib/rbac/check';
import { exportAuditLog } from '@/lib/audit/export';
import { requestContext } from '@/lib/http/request-context';
import { auditFilterSchema, searchParamsRecord } from '@/lib/validation/audit';
import { staffActor } from '@/lib/audit/actor';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;

/** The filtered audit log as a download, streamed batch by batch. */
export async function GET(request: Request, { params }: { params: Promise<{ format: string }> }) {
  const { format } = await params;
  if (format !== 'csv' && format !== 'json') notFound();
  const session = await requirePermission('audit:export', '/admin/audit');
  const filter = auditFilterSchema.safeParse(searchParamsRecord(new URL(request.url).searchParams));
  if (!filter.success) return Response.json({ type: 'about:blank', title: 'Invalid filter', status: 400 }, { status: 400, headers: { 'content-type': 'application/problem+json' } });
  const stream = await exportAuditLog(filter.data, format, staffActor(session, await requestContext()));
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '');
  return new Response(stream, {
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="audit-log-${stamp}.${format}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
