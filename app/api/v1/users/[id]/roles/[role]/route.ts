import { apiHandler } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { problem } from '@/lib/api/problem';
import { findApiUser } from '@/lib/api/users';
import { removeRole } from '@/lib/rbac/assignments';

export const DELETE = apiHandler(OPERATIONS.removeRole, async ({ params, caller }) => {
  const user = await findApiUser(params.id);
  if (!user) return problem('not_found', 'No user has this id.');
  const removed = await removeRole(user.id, params.role, caller);
  if (!removed.ok) return problem(removed.code === 'not_found' ? 'not_found' : 'conflict', removed.error);
  return Response.json(await findApiUser(user.id));
});
