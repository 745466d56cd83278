import 'server-only';
import { db } from '@/lib/db/client';
import { lockSignInMethods, signInMethodsOf, waysInWithout } from '@/lib/auth/sign-in-methods';
import { recordUserEvent } from '@/lib/audit/record';
import type { UserActor } from '@/lib/audit/actor';

/** A person's passkeys as their account page shows them, newest first. */
export async function listPasskeys(userId: string) {
  return db.passkey.findMany({
    where: { userId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true, deviceType: true },
  });
}

export async function hasPasskeys(userId: string) {
  return (await db.passkey.count({ where: { userId } })) > 0;
}


export type PasskeyChangeResult = { ok: true } | { ok: false; error: 'not_found' | 'last_way_in'; message: string };

const NOT_FOUND: PasskeyChangeResult = { ok: false, error: 'not_found', message: 'That passkey was not found. It may have been removed already.' };

/** `name` is already checked with renamePasskeySchema. */
export async function renamePasskey(actor: UserActor, { passkeyId, name }: { passkeyId: string; name: string }): Promise<PasskeyChangeResult> {
  return db.$transaction(async (tx) => {
    // Scoped to the owner: another person's passkey id is simply "not found".
    const passkey = await tx.passkey.findFirst({ where: { id: passkeyId, userId: actor.id }, select: { name: true } });
    if (!passkey) return NOT_FOUND;
    await tx.passkey.update({ where: { id: passkeyId }, data: { name } });
    await recordUserEvent(tx, 'user.passkey_renamed', {
      userId: actor.id,
      sessionId: actor.sessionId,
      metadata: { passkeyId },
      // Names people give passkeys ("Alice's iPhone") can name them: kept where erasure can clear it.
      personal: { from: passkey.name, to: name },
      context: actor.context,
    });
    return { ok: true };
  });
}

const LAST_WAY_IN: PasskeyChangeResult = {
  ok: false,
  error: 'last_way_in',
  message: 'This passkey is your only way to sign in. Confirm your email address or set a password first.',
};

export async function removePasskey(actor: UserActor, passkeyId: string): Promise<PasskeyChangeResult> {
  return db.$transaction(async (tx) => {
    await lockSignInMethods(tx, actor.id);
    const passkey = await tx.passkey.findFirst({ where: { id: passkeyId, userId: actor.id }, select: { name: true } });
    if (!passkey) return NOT_FOUND;
    if (waysInWithout(await signInMethodsOf(tx, actor.id), 'passkey') < 1) return LAST_WAY_IN;
    await tx.passkey.delete({ where: { id: passkeyId } });
    await recordUserEvent(tx, 'user.passkey_removed', {
      userId: actor.id,
      sessionId: actor.sessionId,
      metadata: { passkeyId },
      personal: { name: passkey.name },
      context: actor.context,
    });
    return { ok: true };
  });
}
