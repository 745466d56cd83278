import { apiHandler, pageResponse } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { apiRequestOf, dsrProblem, findApiRequest } from '@/lib/api/data-subject-requests';
import { requestQueue } from '@/lib/dsr/queue';
import { fileRequest } from '@/lib/dsr/staff-requests';

export const GET = apiHandler(OPERATIONS.listDataSubjectRequests, async ({ query }) => {
  const { limit, cursor, ...filters } = query;
  // A client is nobody's assignee: the "assigned to me" filter has no meaning here.
  const page = await requestQueue({ ...filters, assignee: undefined, after: cursor }, '', new Date(), limit);
  return pageResponse(page.requests.map(apiRequestOf), page.next);
});

export const POST = apiHandler(OPERATIONS.fileDataSubjectRequest, async ({ body, caller }) => {
  const filed = await fileRequest(body, caller);
  if (!filed.ok) return dsrProblem(filed);
  return Response.json(await findApiRequest(filed.requestId), { status: 201 });
});
