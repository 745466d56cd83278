import { apiHandler } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { problem } from '@/lib/api/problem';
import { findApiUser } from '@/lib/api/users';
import { assignRole } from '@/lib/rbac/assignments';

export const POST = apiHandler(OPERATIONS.assignRole, async ({ params, body, caller }) => {
  const user = await findApiUser(params.id);
  if (!user || user.status === 'erased') return problem('not_found', 'No user has this id.');
  const assigned = await assignRole(user.id, body.role, caller);
  if (!assigned.ok) return problem(assigned.code === 'not_found' ? 'not_found' : 'conflict', assigned.error);
  return Response.json(await findApiUser(user.id));
});
