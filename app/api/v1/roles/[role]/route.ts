import { apiHandler } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { problem } from '@/lib/api/problem';
import { deleteRole } from '@/lib/rbac/roles';

export const DELETE = apiHandler(OPERATIONS.deleteRole, async ({ params, caller }) => {
  const deleted = await deleteRole(params.role, caller);
  if (!deleted.ok) return problem(deleted.code === 'not_found' ? 'not_found' : 'conflict', deleted.error);
  return new Response(null, { status: 204 });
});
