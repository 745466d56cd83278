import { apiHandler } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { problem } from '@/lib/api/problem';
import { revokeSessionOf } from '@/lib/auth/devices';

export const DELETE = apiHandler(OPERATIONS.revokeSession, async ({ params, caller }) => {
  const revoked = await revokeSessionOf(params.id, params.sessionId, caller);
  if (revoked.ok) return new Response(null, { status: 204 });
  return revoked.code === 'not_found' ? problem('not_found', 'This user has no live session with this id.') : problem('conflict', revoked.error);
});
