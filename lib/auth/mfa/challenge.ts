import 'server-only';
import type { DbOrTx } from '@/lib/db/client';
import type { AuthMethod } from '../sessions';
import { findToken, issueLinkToken } from '../verification-tokens';

/** Wrong codes allowed against one sign-in challenge; after that the person signs in again. */
export const SECOND_FACTOR_MAX_ATTEMPTS = 5;

type ChallengePayload = { methods: AuthMethod[]; verifiedEmail?: boolean };

export type SecondFactorChallenge = { id: string; userId: string; methods: AuthMethod[]; verifiedEmail: boolean };
export type ChallengeProblem = 'invalid' | 'expired' | 'locked';

/**
 * The pending second step of a sign-in: a single-use, hashed, 10-minute token that
 * remembers which first factor was proved. A newer sign-in voids the older challenge.
 */
export function issueSecondFactorChallenge(
  tx: DbOrTx,
  input: { userId: string; email: string; methods: AuthMethod[]; verifiedEmail?: boolean },
) {
  const payload: ChallengePayload = { methods: input.methods, verifiedEmail: input.verifiedEmail };
  return issueLinkToken(tx, { purpose: 'mfa_challenge', email: input.email, userId: input.userId, payload: JSON.stringify(payload) });
}

/** Looks a challenge up without spending it. */
export async function findChallenge(tx: DbOrTx, token: string): Promise<{ ok: true; challenge: SecondFactorChallenge } | { ok: false; error: ChallengeProblem }> {
  const record = token ? await findToken(tx, 'mfa_challenge', token) : null;
  if (!record?.userId) return { ok: false, error: 'invalid' };
  if (record.attempts >= SECOND_FACTOR_MAX_ATTEMPTS) return { ok: false, error: 'locked' };
  if (record.consumedAt || record.expires.getTime() < Date.now()) return { ok: false, error: 'expired' };
  const payload = JSON.parse(record.payload ?? '{}') as Partial<ChallengePayload>;
  return {
    ok: true,
    challenge: { id: record.id, userId: record.userId, methods: payload.methods ?? [], verifiedEmail: payload.verifiedEmail === true },
  };
}

/**
 * Takes the challenge while a code is checked. Marking it spent first means a
 * concurrent attempt waits for this transaction and then finds it spent (or given
 * back), so guesses never run in parallel and a right code signs in only once.
 */
export async function claimChallenge(tx: DbOrTx, id: string): Promise<boolean> {
  const now = new Date();
  const claimed = await tx.verificationToken.updateMany({
    where: { id, consumedAt: null, expires: { gt: now }, attempts: { lt: SECOND_FACTOR_MAX_ATTEMPTS } },
    data: { consumedAt: now },
  });
  return claimed.count === 1;
}

/** A wrong code: counts it and gives the challenge back, unless that was the last allowed guess. */
export async function releaseAfterWrongCode(tx: DbOrTx, id: string): Promise<{ locked: boolean; attemptsLeft: number }> {
  const counted = await tx.verificationToken.update({ where: { id }, data: { attempts: { increment: 1 } }, select: { attempts: true } });
  const attemptsLeft = Math.max(0, SECOND_FACTOR_MAX_ATTEMPTS - counted.attempts);
  if (attemptsLeft > 0) await tx.verificationToken.update({ where: { id }, data: { consumedAt: null } });
  return { locked: attemptsLeft === 0, attemptsLeft };
}
