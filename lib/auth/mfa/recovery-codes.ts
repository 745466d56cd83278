import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { generateRecoveryCode, hashToken, hashTokenUnderEveryKey } from '@/lib/crypto/tokens';
import type { UserActor } from '@/lib/audit/actor';
import { findConfirmedTotp } from './totp';

export const RECOVERY_CODE_COUNT = 10;

/** People copy codes with or without the dash, in any case, sometimes with spaces. */
function normalise(code: string) {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// The user id is part of the hashed input: a code only ever works for its own
// account, and codes of different accounts can never collide on the unique hash.
const hashRecoveryCode = (userId: string, code: string) => hashToken(`${userId}:${normalise(code)}`, 'recovery_code');
/** A code issued before AUTH_SECRET was rotated is hashed under a previous secret, and still works. */
const possibleHashes = (userId: string, code: string) => hashTokenUnderEveryKey(`${userId}:${normalise(code)}`, 'recovery_code');

/**
 * Issues a fresh set of codes and voids every earlier one, in the caller's
 * transaction. The plain codes are returned to be shown once and are never stored.
 */
export async function replaceRecoveryCodes(tx: DbOrTx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(userId, code) })) });
  return codes;
}

/** Spends a code if it is one of the user's unused ones; the conditional update makes it single-use under races. */
export async function spendRecoveryCode(tx: DbOrTx, userId: string, code: string): Promise<{ ok: true; remaining: number } | { ok: false }> {
  const spent = await tx.recoveryCode.updateMany({
    where: { userId, codeHash: { in: possibleHashes(userId, code) }, usedAt: null },
    data: { usedAt: new Date() },
  });
  if (spent.count !== 1) return { ok: false };
  return { ok: true, remaining: await tx.recoveryCode.count({ where: { userId, usedAt: null } }) };
}

export type RegenerateResult = { ok: true; codes: string[] } | { ok: false; error: 'not_enabled'; message: string };

/** "Generate new recovery codes" on the account page. */
export async function regenerateRecoveryCodes(actor: UserActor): Promise<RegenerateResult> {
  return db.$transaction(async (tx) => {
    if (!(await findConfirmedTotp(tx, actor.id))) {
      return { ok: false, error: 'not_enabled', message: 'Turn on two-step verification first.' };
    }
    const codes = await replaceRecoveryCodes(tx, actor.id);
    await recordUserEvent(tx, 'user.recovery_codes_generated', {
      userId: actor.id,
      sessionId: actor.sessionId,
      metadata: { count: codes.length, reason: 'regenerated' },
      context: actor.context,
    });
    return { ok: true, codes };
  });
}
