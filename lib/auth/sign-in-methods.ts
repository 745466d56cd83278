import 'server-only';
import { Prisma } from '@/generated/prisma/postgresql/client';
import { db, type DbOrTx } from '@/lib/db/client';
import { rawBoolean, rawNumber, type RawBoolean, type RawDate, type RawNumber } from '@/lib/db/raw-values';

/**
 * The columns of a person (`"User" u`) that say how they can get in, for a query that reads them
 * with other things (the account overview); signInMethodsFrom turns the row into SignInMethods.
 */
export const SIGN_IN_METHOD_COLUMNS = Prisma.sql`
  u."emailVerified" AS "emailVerified",
  EXISTS (SELECT 1 FROM "PasswordCredential" p WHERE p."userId" = u."id") AS "hasPassword",
  (SELECT COUNT(*) FROM "Passkey" k WHERE k."userId" = u."id") AS "passkeys",
  (SELECT COUNT(*) FROM "Account" a WHERE a."userId" = u."id") AS "linkedAccounts",
  EXISTS (SELECT 1 FROM "MfaFactor" m WHERE m."userId" = u."id" AND m."confirmedAt" IS NOT NULL) AS "mfa",
  (SELECT COUNT(*) FROM "RecoveryCode" r WHERE r."userId" = u."id" AND r."usedAt" IS NULL) AS "unusedRecoveryCodes"`;

export type SignInMethodColumns = {
  emailVerified: RawDate | null;
  hasPassword: RawBoolean;
  passkeys: RawNumber;
  linkedAccounts: RawNumber;
  mfa: RawBoolean;
  unusedRecoveryCodes: RawNumber;
};

export function signInMethodsFrom(row: SignInMethodColumns) {
  return {
    password: rawBoolean(row.hasPassword),
    // A confirmed address can always be used for an emailed link or code.
    email: row.emailVerified !== null,
    passkeys: rawNumber(row.passkeys),
    linkedAccounts: rawNumber(row.linkedAccounts),
    mfa: rawBoolean(row.mfa),
    unusedRecoveryCodes: rawNumber(row.unusedRecoveryCodes),
  };
}

/** How a user can get into their account, for the security checklist and the last-way-in rule: one statement. */
export async function signInMethodsOf(tx: DbOrTx, userId: string) {
  const [row] = await tx.$queryRaw<SignInMethodColumns[]>`SELECT ${SIGN_IN_METHOD_COLUMNS} FROM "User" u WHERE u."id" = ${userId}`;
  if (!row) throw new Error(`No user ${userId}`);
  return signInMethodsFrom(row);
}

export type SignInMethods = ReturnType<typeof signInMethodsFrom>;

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
