import { apiHandler } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { problem } from '@/lib/api/problem';
import { findApiUser, staffOutOfReach } from '@/lib/api/users';
import { activeSessions } from '@/lib/auth/devices';
import { revokeCustomerSessions } from '@/lib/users/support-actions';

export const GET = apiHandler(OPERATIONS.listSessions, async ({ params, caller }) => {
  if (!(await findApiUser(params.id))) return problem('not_found', 'No user has this id.');
  const outOfReach = await staffOutOfReach(caller, params.id);
  if (outOfReach) return problem('conflict', outOfReach);
  const sessions = await activeSessions(params.id, '');
  return Response.json({
    data: sessions.map((s) => ({ id: s.id, device: s.device, ipAddress: s.ipAddress, firstSeen: s.firstSeen.toISOString(), lastSeen: s.lastSeen.toISOString(), methods: s.methods })),
  });
});

export const DELETE = apiHandler(OPERATIONS.revokeSessions, async ({ params, caller }) => {
  if (!(await findApiUser(params.id))) return problem('not_found', 'No user has this id.');
  const revoked = await revokeCustomerSessions(params.id, caller);
  return revoked.ok ? new Response(null, { status: 204 }) : problem('conflict', revoked.formError);
});
