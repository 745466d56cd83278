import { apiHandler } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { dsrProblem, findApiRequest } from '@/lib/api/data-subject-requests';
import { rejectRequest } from '@/lib/dsr/staff-requests';

export const POST = apiHandler(OPERATIONS.rejectDataSubjectRequest, async ({ params, body, caller }) => {
  const rejected = await rejectRequest(params.id, body.reason, caller);
  return rejected.ok ? Response.json(await findApiRequest(params.id)) : dsrProblem(rejected);
});
