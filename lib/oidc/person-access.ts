import 'server-only';
import type { DbOrTx } from '@/lib/db/client';
import { grantIdsOf } from './adapter';

/**
 * Ends everything a person holds at the OpenID Provider: their provider sessions (single
 * sign-on into apps), their grants (consent) and every code and token issued under them, so
 * no app keeps a way in. Unlike erasure, the interaction rows stay (they expire within minutes
 * and hold no access). Runs in the caller's transaction; returns how many rows went.
 */
export async function removeAppAccessOf(tx: DbOrTx, userId: string): Promise<number> {
  const grantIds = await grantIdsOf(tx, [userId]);
  const removed = await tx.oidcPayload.deleteMany({
    where: { OR: [{ type: { in: ['Session', 'Grant'] }, accountId: userId }, ...(grantIds.length > 0 ? [{ grantId: { in: grantIds } }] : [])] },
  });
  return removed.count;
}
