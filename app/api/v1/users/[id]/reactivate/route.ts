import { apiHandler } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { problem } from '@/lib/api/problem';
import { findApiUser } from '@/lib/api/users';
import { reactivateCustomer } from '@/lib/users/support-actions';

export const POST = apiHandler(OPERATIONS.reactivateUser, async ({ params, body, caller }) => {
  const user = await findApiUser(params.id);
  if (!user) return problem('not_found', 'No user has this id.');
  const changed = await reactivateCustomer(user.id, body.reason, caller);
  if (!changed.ok) return problem('conflict', changed.formError);
  return Response.json(await findApiUser(user.id));
});
