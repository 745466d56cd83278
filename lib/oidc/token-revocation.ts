import 'server-only';
import type { DbOrTx } from '@/lib/db/client';
import { GRANTABLE, grantIdsOf } from './adapter';

// Ending Gatehouse sessions is not enough when a person's account may be in someone else's
// hands: apps hold refresh and access tokens of their own, and the provider's single sign-on
// session would sign the next app in without asking. These take them back in the caller's
// transaction, next to the session revocation and its audit event.

/**
 * Revokes every token apps hold for this person (refresh and access tokens, unredeemed codes)
 * and their provider sessions. Consent stays: the grants are kept, so signing in to an app
 * again does not ask for it a second time (ASVS 3.3.3, RFC 9700 §4.14: revoke on credential change).
 */
export async function revokeAppTokensOf(tx: DbOrTx, userId: string) {
  const grantIds = await grantIdsOf(tx, [userId]);
  const tokens = grantIds.length ? await tx.oidcPayload.deleteMany({ where: { grantId: { in: grantIds }, type: { in: [...GRANTABLE] } } }) : { count: 0 };
  const sessions = await tx.oidcPayload.deleteMany({ where: { type: 'Session', accountId: userId } });
  return { tokens: tokens.count, sessions: sessions.count };
}

/** Revokes an app's own (client-credentials) tokens: its secret, scopes or standing changed. */
export async function revokeClientCredentialsOf(tx: DbOrTx, clientId: string) {
  const { count } = await tx.oidcPayload.deleteMany({ where: { type: 'ClientCredentials', clientId } });
  return { tokens: count };
}
