import { notFound } from 'next/navigation';
import { staffActor } from '@/lib/audit/actor';
import { exportForStaff } from '@/lib/dsr/fulfilment';
import { requestContext } from '@/lib/http/request-context';
import { requirePermission } from '@/lib/rbac/check';
import { requestIdSchema } from '@/lib/validation/dsr';

/** The export of a completed access request, for the staff member handling it; every download is audited. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requirePermission('dsr:process', `/admin/requests/${encodeURIComponent(id)}`);
  const parsed = requestIdSchema.safeParse(id);
  if (!parsed.success) notFound();
  const result = await exportForStaff(parsed.data, staffActor(session, await requestContext()));
  if (!result.ok) {
    return Response.json({ type: 'about:blank', title: result.error, status: 404 }, { status: 404, headers: { 'content-type': 'application/problem+json' } });
  }
  return new Response(JSON.stringify(result.document, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="data-request-${parsed.data}.json"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
