import { apiHandler } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { invalidInput, problem } from '@/lib/api/problem';
import { dsrProblem, findApiRequest } from '@/lib/api/data-subject-requests';
import { runAccessExport, runErasure } from '@/lib/dsr/fulfilment';
import { confirmErasureSchema } from '@/lib/validation/dsr';

export const POST = apiHandler(OPERATIONS.completeDataSubjectRequest, async ({ params, body, caller }) => {
  const request = await findApiRequest(params.id);
  if (!request) return problem('not_found', 'No data-subject request has this id.');
  let done;
  if (request.type === 'erasure') {
    // Only now is it known that the address is required: the body schema cannot say so per request type.
    const confirmed = confirmErasureSchema.safeParse(body);
    if (!confirmed.success) return invalidInput(confirmed.error, 'body');
    done = await runErasure(request.id, confirmed.data.confirmEmail, caller);
  } else {
    done = await runAccessExport(request.id, caller);
  }
  return done.ok ? Response.json(await findApiRequest(request.id)) : dsrProblem(done);
});
