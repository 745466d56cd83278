import 'server-only';
import type { DbOrTx } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import type { RequestContext } from '@/lib/http/request-context';
import { removeAccessAddedSince, removedAnything, type RemovedAccess } from './access-removal';
import { findToken, issueLinkToken } from './verification-tokens';
import { generateToken } from '@/lib/crypto/tokens';

/**
 * Pre-account takeover (Sudhodanan & Paverd, "Pre-hijacked accounts", USENIX Security 2022;
 * ASVS 5.0 V6.4): anyone can sign up with someone else's address and a password of their own,
 * and, since using the account before confirming it is part of Gatehouse's sign-up, nothing
 * stops them signing in with it. What they set up must not survive the real owner proving the
 * mailbox. Of the two ways to get there we chose the second:
 *   (a) refuse password sign-in until the address is confirmed: breaks "sign up and carry on",
 *       and still hands the account over the moment the owner confirms it any other way;
 *   (b) the first mailbox proof (emailed link or code, confirmation link, reset link) of an
 *       address never confirmed removes every credential, factor, passkey, linked identity,
 *       session and app grant added before it, in one transaction with its audit event.
 * (b) is what a top CIAM does on the first verification of an unverified account, and keeps the
 * journey easy: the person who signed up confirms from the same browser (it carries the sign-up's
 * binding cookie, or a session of this account), which shows that whoever chose the password also
 * reads the mailbox; then nothing is removed. A proof from any other browser cannot tell the owner
 * from a squatter, so it removes everything, and the owner goes on by the emailed link.
 */
export type MailboxProof = 'email_verify' | 'magic_link' | 'email_code' | 'password_reset';

/** What the browser presenting a mailbox proof holds of this account. */
export type ProvingBrowser = { signedInUserId?: string | null; signUpBinding?: string | null };

export type AddressClaim =
  | { firstProof: false }
  | { firstProof: true; removed: RemovedAccess | null };

/**
 * Marks the address confirmed, once: the conditional update makes this the first proof only
 * for one of two parallel proofs. On that first proof, from a browser that did not sign up,
 * everything set up before it is removed, audited as user.unproven_access_removed. Call it inside the proof's transaction, before the
 * sign-in goes on (a squatter's authenticator must not be asked of the owner).
 */
export async function claimAddressOnFirstProof(
  tx: DbOrTx,
  input: { userId: string; proof: MailboxProof; browser?: ProvingBrowser; context: RequestContext },
): Promise<AddressClaim> {
  const confirmed = await tx.user.updateManyAndReturn({ where: { id: input.userId, emailVerified: null }, data: { emailVerified: new Date() }, select: { email: true } });
  if (confirmed.length !== 1) return { firstProof: false };
  await emitWebhookEvent(tx, 'user.updated', { userId: input.userId, changes: ['emailVerified'] });
  if (await provedBySigner(tx, input.userId, input.browser)) return { firstProof: true, removed: null };

  const removed = await removeAccessAddedSince(tx, input.userId, null, 'unproven_account_claimed', { keepMailboxLinksTo: confirmed[0]!.email });
  // A passwordless sign-up confirmed from another device had nothing to take away: nothing to tell.
  if (removedAnything(removed)) {
    await recordUserEvent(tx, 'user.unproven_access_removed', { userId: input.userId, metadata: { proof: input.proof, ...removed }, context: input.context });
  }
  return { firstProof: true, removed };
}

async function provedBySigner(tx: DbOrTx, userId: string, browser: ProvingBrowser | undefined) {
  if (!browser) return false;
  if (browser.signedInUserId === userId) return true;
  if (!browser.signUpBinding) return false;
  const binding = await findToken(tx, 'sign_up_binding', browser.signUpBinding);
  return !!binding && binding.userId === userId && !binding.consumedAt && binding.expires.getTime() > Date.now();
}

/**
 * The secret a sign-up leaves in its browser. A sign-up with a taken address gets one too,
 * bound to nothing, so the cookie does not tell who has an account.
 */
export async function issueSignUpBinding(tx: DbOrTx, user: { id: string; email: string } | null): Promise<string> {
  if (!user) return generateToken();
  return issueLinkToken(tx, { purpose: 'sign_up_binding', email: user.email, userId: user.id });
}
