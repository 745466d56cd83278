import 'server-only';
import type { DbOrTx } from '@/lib/db/client';
import { recordUserEvent, type UserEventInput } from '@/lib/audit/record';
import { countSignIn } from '@/lib/operations/metrics';
import type { AuthMethod } from './sessions';

/**
 * A sign-in that failed at `method`: audited as `user.sign_in_failed` (in the caller's
 * transaction, as every audit event is) and counted for GET /metrics, so the failure rate
 * an operator watches is the one the audit log shows.
 */
export async function recordFailedSignIn(tx: DbOrTx, method: AuthMethod, event: Omit<UserEventInput, 'result'>) {
  await recordUserEvent(tx, 'user.sign_in_failed', { ...event, result: 'failure' });
  countSignIn([method], 'failure');
}
