import 'server-only';
import { db } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { providerNames } from '@/lib/federation/providers';
import { lockSignInMethods, signInMethodsOf, waysInWithout } from '@/lib/auth/sign-in-methods';
import type { UserActor } from '@/lib/audit/actor';

/** Upstream identities linked to the user: provider and its id, never tokens. */
export async function linkedAccounts(userId: string) {
  return db.account.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, provider: true, providerAccountId: true, type: true, createdAt: true },
  });
}

export async function unlinkAccount(accountId: string, by: UserActor) {
  return db.$transaction(async (tx) => {
    await lockSignInMethods(tx, by.id);
    const account = await tx.account.findFirst({ where: { id: accountId, userId: by.id } });
    if (!account) return { ok: false as const, formError: 'That linked account was not found.' };
    if (waysInWithout(await signInMethodsOf(tx, by.id), 'linked_account') < 1) {
      const name = (await providerNames([account.provider]))[account.provider] ?? account.provider;
      return { ok: false as const, formError: `You cannot unlink ${name}: it is your only way to sign in. Set a password or confirm your email first.` };
    }
    await tx.account.delete({ where: { id: account.id } });
    await recordUserEvent(tx, 'user.account_unlinked', {
      userId: by.id,
      sessionId: by.sessionId,
      metadata: { provider: account.provider },
      context: by.context,
    });
    return { ok: true as const };
  });
}
