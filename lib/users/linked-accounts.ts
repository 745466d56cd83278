import 'server-only';
import { db } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import type { RequestContext } from '@/lib/http/request-context';
import { providerNames } from '@/lib/federation/providers';
import { lockSignInMethods, signInMethodsOf, waysInWithout } from '@/lib/auth/sign-in-methods';

/** Upstream identities linked to the user: provider and its id, never tokens. */
export async function linkedAccounts(userId: string) {
  return db.account.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, provider: true, providerAccountId: true, type: true, createdAt: true },
  });
}

export async function unlinkAccount(input: { userId: string; accountId: string; sessionId: string; context: RequestContext }) {
  return db.$transaction(async (tx) => {
    await lockSignInMethods(tx, input.userId);
    const account = await tx.account.findFirst({ where: { id: input.accountId, userId: input.userId } });
    if (!account) return { ok: false as const, formError: 'That linked account was not found.' };
    if (waysInWithout(await signInMethodsOf(tx, input.userId), 'linked_account') < 1) {
      const name = (await providerNames([account.provider]))[account.provider] ?? account.provider;
      return { ok: false as const, formError: `You cannot unlink ${name}: it is your only way to sign in. Set a password or confirm your email first.` };
    }
    await tx.account.delete({ where: { id: account.id } });
    await recordUserEvent(tx, 'user.account_unlinked', {
      userId: input.userId,
      sessionId: input.sessionId,
      metadata: { provider: account.provider },
      context: input.context,
    });
    return { ok: true as const };
  });
}
