import 'server-only';
import { db } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { decryptSecret } from '@/lib/crypto/encryption';
import { consumeLinkToken, peekLinkToken } from '@/lib/auth/verification-tokens';
import { encryptProviderTokens } from './account-tokens';
import { PENDING_LINK_PURPOSE } from './federated-sign-in';
import { providerNames } from './providers';
import type { UpstreamIdentity } from './upstream-identity';
import type { UserActor } from '@/lib/audit/actor';

const identityOf = (pending: { id: string; payload: string | null }) =>
  pending.payload ? (JSON.parse(decryptSecret(pending.payload, PENDING_LINK_PURPOSE, pending.id)) as UpstreamIdentity) : null;

/** What the "sign in to link" page shows: which provider waits to be linked, to which address. */
export async function describePendingLink(secret: string) {
  const pending = await peekLinkToken(db, 'account_link', secret);
  const identity = pending && identityOf(pending);
  if (!pending || !identity) return null;
  const names = await providerNames([identity.provider]);
  return { email: pending.email, providerName: names[identity.provider] ?? identity.provider };
}

export type LinkResult = { ok: true; providerName: string } | { ok: false; error: 'invalid' | 'expired' | 'used' | 'other_account' | 'already_linked' };

/**
 * Links a waiting upstream identity, called only once `userId` has just signed in with
 * their own credentials (and second factor) in the browser that holds the pending
 * link. That sign-in is the proof of ownership the email match alone is not; an
 * identity waiting for another account is dropped.
 */
export async function completePendingLink(secret: string, by: UserActor): Promise<LinkResult> {
  return db.$transaction(async (tx) => {
    const spent = await consumeLinkToken(tx, 'account_link', secret);
    if (!spent.ok) return spent;
    if (spent.userId !== by.id) return { ok: false as const, error: 'other_account' as const };
    const identity = identityOf(spent)!;
    const taken = await tx.account.findUnique({
      where: { provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.providerAccountId } },
      select: { id: true },
    });
    if (taken) return { ok: false as const, error: 'already_linked' as const };
    await tx.account.create({
      data: {
        userId: by.id,
        type: identity.type,
        provider: identity.provider,
        providerAccountId: identity.providerAccountId,
        ...encryptProviderTokens(identity.tokens, identity),
      },
    });
    const providerName = (await providerNames([identity.provider]))[identity.provider] ?? identity.provider;
    await recordUserEvent(tx, 'user.account_linked', {
      userId: by.id,
      sessionId: by.sessionId,
      metadata: { provider: identity.provider, providerName },
      context: by.context,
    });
    return { ok: true as const, providerName };
  });
}
