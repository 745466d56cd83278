import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';

/** How a user can get into their account, for the security checklist and the last-way-in rule. */
export async function signInMethodsOf(tx: DbOrTx, userId: string) {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      emailVerified: true,
      password: { select: { userId: true } },
      _count: { select: { passkeys: true, accounts: true, recoveryCodes: { where: { usedAt: null } } } },
      mfaFactors: { where: { confirmedAt: { not: null } }, select: { id: true } },
    },
  });
  return {
    password: !!user.password,
    // A confirmed address can always be used for an emailed link or code.
    email: !!user.emailVerified,
    passkeys: user._count.passkeys,
    linkedAccounts: user._count.accounts,
    mfa: user.mfaFactors.length > 0,
    unusedRecoveryCodes: user._count.recoveryCodes,
  };
}

export type SignInMethods = Awaited<ReturnType<typeof signInMethodsOf>>;

/**
 * Serialises changes to one user's ways in: touching the row takes its write lock, so
 * two removals (a passkey and the password, say) are decided one after the other and
 * cannot together take the last way in.
 */
export async function lockSignInMethods(tx: DbOrTx, userId: string) {
  await tx.user.update({ where: { id: userId }, data: { updatedAt: new Date() } });
}

/** How many independent ways in remain, if one of the given kind were removed. */
export function waysInWithout(methods: SignInMethods, removing: 'password' | 'passkey' | 'linked_account') {
  return (
    (removing === 'password' ? 0 : Number(methods.password)) +
    Number(methods.email) +
    (removing === 'passkey' ? methods.passkeys - 1 : methods.passkeys) +
    (removing === 'linked_account' ? methods.linkedAccounts - 1 : methods.linkedAccounts)
  );
}

export function signInMethodsFor(userId: string) {
  return signInMethodsOf(db, userId);
}
