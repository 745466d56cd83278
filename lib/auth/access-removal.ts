import 'server-only';
import type { DbOrTx } from '@/lib/db/client';
import { removeAppAccessOf } from '@/lib/oidc/person-access';
import { revokeUserSessions } from './sessions';

/** Tokens that only reach the mailbox they were sent to. */
const MAILBOX_PURPOSES = ['email_verify', 'magic_link', 'email_code', 'password_reset'] as const;

/** How many of each way in went; the audit event's metadata. */
export type RemovedAccess = {
  password: number;
  passkeys: number;
  authenticators: number;
  recoveryCodes: number;
  linkedAccounts: number;
  sessions: number;
  appAccess: number;
  pendingLinks: number;
};

/**
 * Takes away every way into an account that someone else may have set up: the credentials,
 * factors, passkeys and linked identities added at or after `since` (all of them when `since`
 * is null), and, whatever their age, every session, every app's grant and token, and every
 * pending emailed link or code. Used when the mailbox owner shows that someone else held the
 * account: the first proof of a never-confirmed address, and "this was not me" after an email
 * change. Runs in the caller's transaction, which also writes the audit event.
 */
/** Whether anything at all was taken away. */
export function removedAnything(removed: RemovedAccess) {
  return Object.values(removed).some((n) => n > 0);
}

export async function removeAccessAddedSince(
  tx: DbOrTx,
  userId: string,
  since: Date | null,
  reason: string,
  options: { keepMailboxLinksTo?: string } = {},
): Promise<RemovedAccess> {
  const added = since ? { createdAt: { gte: since } } : {};
  // A password chosen (or changed) since then is no longer the owner's either.
  const password = await tx.passwordCredential.deleteMany({ where: { userId, ...(since ? { updatedAt: { gte: since } } : {}) } });
  const passkeys = await tx.passkey.deleteMany({ where: { userId, ...added } });
  await tx.webAuthnChallenge.deleteMany({ where: { userId } });
  const authenticators = await tx.mfaFactor.deleteMany({ where: { userId, ...added } });
  // Recovery codes go with their authenticator, and any generated since then are known to whoever made them.
  const noAuthenticatorLeft = (await tx.mfaFactor.count({ where: { userId, confirmedAt: { not: null } } })) === 0;
  const recoveryCodes = await tx.recoveryCode.deleteMany({ where: { userId, ...(noAuthenticatorLeft ? {} : added) } });
  const linkedAccounts = await tx.account.deleteMany({ where: { userId, ...added } });
  const sessions = await revokeUserSessions(tx, userId, reason);
  const appAccess = await removeAppAccessOf(tx, userId);
  // Links and codes emailed to the mailbox that just proved itself are its owner's (and another
  // proof in flight holds one of them: voiding it here would deadlock the two on PostgreSQL).
  // (The sign-up's browser binding is spent by then: an address is confirmed once.)
  const keep = options.keepMailboxLinksTo
    ? { NOT: [{ identifier: options.keepMailboxLinksTo, purpose: { in: [...MAILBOX_PURPOSES] } }, { purpose: 'sign_up_binding' }] }
    : {};
  const pendingLinks = await tx.verificationToken.updateMany({ where: { userId, consumedAt: null, ...keep }, data: { consumedAt: new Date() } });
  return {
    password: password.count,
    passkeys: passkeys.count,
    authenticators: authenticators.count,
    recoveryCodes: recoveryCodes.count,
    linkedAccounts: linkedAccounts.count,
    sessions: sessions.count,
    appAccess,
    pendingLinks: pendingLinks.count,
  };
}
