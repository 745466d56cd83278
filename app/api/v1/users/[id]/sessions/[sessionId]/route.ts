import { apiHandler } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { problem } from '@/lib/api/problem';
import { revokeUserSessionByApi } from '@/lib/api/sessions';

export const DELETE = apiHandler(OPERATIONS.revokeSession, async ({ params, caller }) => {
  const revoked = await revokeUserSessionByApi(params.id, params.sessionId, caller);
  return revoked.ok ? new Response(null, { status: 204 }) : problem(revoked.code, revoked.error);
});
