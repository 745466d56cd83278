import { apiHandler } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { problem } from '@/lib/api/problem';
import { findApiRequest } from '@/lib/api/data-subject-requests';

export const GET = apiHandler(OPERATIONS.getDataSubjectRequest, async ({ params }) => {
  const request = await findApiRequest(params.id);
  return request ? Response.json(request) : problem('not_found', 'No data-subject request has this id.');
});
