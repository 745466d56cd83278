import { apiHandler } from '@/lib/api/handler';
import { apiConsentStateOf } from '@/lib/api/consents';
import { OPERATIONS } from '@/lib/api/operations';
import { problem } from '@/lib/api/problem';
import { findApiUser, staffOutOfReach } from '@/lib/api/users';
import { changeConsent } from '@/lib/consent/change';

export const GET = apiHandler(OPERATIONS.getConsents, async ({ params, caller }) => {
  const user = await findApiUser(params.id);
  if (!user || user.status === 'erased') return problem('not_found', 'No user has this id.');
  const outOfReach = await staffOutOfReach(caller, user.id);
  if (outOfReach) return problem('conflict', outOfReach);
  return Response.json(await apiConsentStateOf(user.id));
});

export const POST = apiHandler(OPERATIONS.recordConsent, async ({ params, body, caller }) => {
  const user = await findApiUser(params.id);
  if (!user || user.status === 'erased') return problem('not_found', 'No user has this id.');
  const outOfReach = await staffOutOfReach(caller, user.id);
  if (outOfReach) return problem('conflict', outOfReach);
  const changed = await changeConsent({ userId: user.id, purposeKey: body.purpose, granted: body.granted }, caller);
  if (!changed.ok) return problem('invalid_request', changed.message, { errors: [{ pointer: '/purpose', detail: changed.message }] });
  return Response.json(await apiConsentStateOf(user.id));
});
