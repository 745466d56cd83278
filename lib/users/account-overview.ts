import 'server-only';
import { db } from '@/lib/db/client';
import { rawBoolean, rawDate, rawNumber, type RawBoolean, type RawDate, type RawNumber } from '@/lib/db/raw-values';
import type { SignInMethods } from '@/lib/auth/sign-in-methods';

/** What the customer sees about themselves on their account overview. */
export async function accountOverview(userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    include: { password: { select: { userId: true } }, attributes: { select: { key: true, value: true } } },
  });
  return {
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerified,
    hasPassword: !!user.password,
    createdAt: user.createdAt,
    signInCount: user.signInCount,
    attributes: Object.fromEntries(user.attributes.map((a) => [a.key, a.value])),
  };
}

type SummaryRow = {
  email: string;
  name: string | null;
  emailVerified: RawDate | null;
  createdAt: RawDate;
  signInCount: RawNumber;
  hasPassword: RawBoolean;
  passkeys: RawNumber;
  linkedAccounts: RawNumber;
  mfa: RawBoolean;
  unusedRecoveryCodes: RawNumber;
};

/**
 * The account overview's page, where every sign-in lands: the person and their ways in (the
 * security checklist's signInMethodsOf) in one statement instead of Prisma's one per relation.
 */
export async function accountSummary(userId: string) {
  const [row] = await db.$queryRaw<SummaryRow[]>`
    SELECT u."email", u."name", u."emailVerified", u."createdAt", u."signInCount",
           EXISTS (SELECT 1 FROM "PasswordCredential" p WHERE p."userId" = u."id") AS "hasPassword",
           (SELECT COUNT(*) FROM "Passkey" k WHERE k."userId" = u."id") AS "passkeys",
           (SELECT COUNT(*) FROM "Account" a WHERE a."userId" = u."id") AS "linkedAccounts",
           EXISTS (SELECT 1 FROM "MfaFactor" m WHERE m."userId" = u."id" AND m."confirmedAt" IS NOT NULL) AS "mfa",
           (SELECT COUNT(*) FROM "RecoveryCode" r WHERE r."userId" = u."id" AND r."usedAt" IS NULL) AS "unusedRecoveryCodes"
    FROM "User" u
    WHERE u."id" = ${userId}`;
  if (!row) throw new Error(`No user ${userId}`);
  const methods: SignInMethods = {
    password: rawBoolean(row.hasPassword),
    // A confirmed address can always be used for an emailed link or code.
    email: row.emailVerified !== null,
    passkeys: rawNumber(row.passkeys),
    linkedAccounts: rawNumber(row.linkedAccounts),
    mfa: rawBoolean(row.mfa),
    unusedRecoveryCodes: rawNumber(row.unusedRecoveryCodes),
  };
  return {
    email: row.email,
    name: row.name,
    emailVerified: rawDate(row.emailVerified),
    hasPassword: methods.password,
    createdAt: rawDate(row.createdAt)!,
    signInCount: rawNumber(row.signInCount),
    methods,
  };
}
