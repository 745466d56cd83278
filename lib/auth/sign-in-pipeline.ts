import 'server-only';
import type { DbOrTx } from '@/lib/db/client';
import type { RequestContext } from '@/lib/http/request-context';
import { completeSignIn, type SignedIn } from './complete-sign-in';
import { issueSecondFactorChallenge } from './mfa/challenge';
import type { AuthMethod } from './sessions';
import { issueLinkToken } from './verification-tokens';

/**
 * What happens once a person has proved one factor. Every sign-in method (password,
 * emailed link or code, passkey, reset link, federation) ends here, so the rules
 * that come after the first factor live in one place, in this order:
 * - an account with two-step verification asks for its second factor;
 * - only then is an account scheduled for deletion offered a restore (not entered silently);
 * - otherwise a session starts.
 * The second factor comes first because restoring is a change to the account: it may
 * happen only after the whole sign-in (ASVS 5.0 V6.3: every factor before any effect).
 */
export type SignInOutcome =
  | { kind: 'signed_in'; signedIn: SignedIn }
  | { kind: 'restore'; restoreToken: string; deletionScheduledAt: Date }
  | { kind: 'second_factor'; challengeToken: string };

export type SignInAttempt = {
  userId: string;
  methods: AuthMethod[];
  context: RequestContext;
  /** The method proved the person reads this mailbox. */
  verifiedEmail?: boolean;
  /** For a federated sign-in, the upstream provider it came through (audited). */
  provider?: string;
  /**
   * The account as the caller has just read it, so the transaction does not read it again. A
   * change in between (suspended, two-step turned on) is harmless: every request checks the
   * session's account status, and a session is only ever made after the factors asked for here.
   */
  account?: AccountState;
};

export type AccountState = { email: string; status: string; deletionScheduledAt: Date | null; hasConfirmedTotp: boolean };

async function readAccountState(tx: DbOrTx, userId: string): Promise<AccountState> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, status: true, deletionScheduledAt: true, mfaFactors: { where: { type: 'totp', confirmedAt: { not: null } }, select: { id: true }, take: 1 } },
  });
  return { email: user.email, status: user.status, deletionScheduledAt: user.deletionScheduledAt, hasConfirmedTotp: user.mfaFactors.length > 0 };
}

/** Methods that already count as a second factor; a passkey is possession plus a biometric or PIN by itself. */
const SECOND_FACTOR_METHODS: readonly AuthMethod[] = ['passkey', 'totp', 'recovery_code'];

/** What a restore link remembers of the sign-in that led to it, so the sign-in goes on from there. */
type RestorePayload = { methods: AuthMethod[]; verifiedEmail?: boolean };

export async function continueSignIn(tx: DbOrTx, attempt: SignInAttempt): Promise<SignInOutcome> {
  const user = attempt.account ?? (await readAccountState(tx, attempt.userId));
  const hasSecondFactor = attempt.methods.some((m) => SECOND_FACTOR_METHODS.includes(m));
  if (!hasSecondFactor && user.hasConfirmedTotp) {
    const challengeToken = await issueSecondFactorChallenge(tx, { userId: attempt.userId, email: user.email, methods: attempt.methods, verifiedEmail: attempt.verifiedEmail });
    return { kind: 'second_factor', challengeToken };
  }
  if (user.status === 'pending_deletion' && user.deletionScheduledAt) {
    const payload: RestorePayload = { methods: attempt.methods, verifiedEmail: attempt.verifiedEmail };
    const restoreToken = await issueLinkToken(tx, { purpose: 'account_restore', email: user.email, userId: attempt.userId, payload: JSON.stringify(payload) });
    return { kind: 'restore', restoreToken, deletionScheduledAt: user.deletionScheduledAt };
  }
  return { kind: 'signed_in', signedIn: await completeSignIn(tx, attempt) };
}

/** The sign-in a restore link was issued for (see continueSignIn). */
export function restoredAttempt(payload: string | null): RestorePayload {
  try {
    const parsed = JSON.parse(payload ?? '') as Partial<RestorePayload>;
    return { methods: Array.isArray(parsed.methods) ? parsed.methods : [], verifiedEmail: parsed.verifiedEmail === true };
  } catch {
    return { methods: [] };
  }
}

/** Statuses that may reach continueSignIn once the first factor is proved. */
export function canAttemptSignIn(status: string) {
  return status === 'active' || status === 'pending_deletion';
}
