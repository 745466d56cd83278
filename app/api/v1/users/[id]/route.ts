import { apiHandler } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { problem } from '@/lib/api/problem';
import { findApiUser, updateUserByApi } from '@/lib/api/users';
import { scheduleAccountDeletion } from '@/lib/users/deletion';
import { eraseUserNow } from '@/lib/users/erasure';

export const GET = apiHandler(OPERATIONS.getUser, async ({ params }) => {
  const user = await findApiUser(params.id);
  return user ? Response.json(user) : problem('not_found', 'No user has this id.');
});

export const PATCH = apiHandler(OPERATIONS.updateUser, async ({ params, body, caller }) => {
  const updated = await updateUserByApi(params.id, body, caller);
  return updated.ok ? Response.json(updated.user) : problem(updated.code, updated.error);
});

export const DELETE = apiHandler(OPERATIONS.deleteUser, async ({ params, query, caller }) => {
  const user = await findApiUser(params.id);
  if (!user || user.status === 'erased') return problem('not_found', 'No user has this id.');
  if (query.mode === 'erase') {
    const erased = await eraseUserNow(user.id, caller);
    if (!erased.ok) return problem('conflict', erased.formError);
    return Response.json({ status: 'erased' }, { status: 202 });
  }
  if (user.status === 'pending_deletion') return problem('conflict', 'This account is already scheduled for erasure.');
  const scheduled = await scheduleAccountDeletion(user, caller);
  if (!scheduled.ok) return problem('conflict', scheduled.formError);
  const { erasesAt } = scheduled;
  return Response.json({ status: 'pending_deletion', erasesAt: erasesAt.toISOString() }, { status: 202 });
});
