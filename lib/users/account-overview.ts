import 'server-only';
import { db } from '@/lib/db/client';
import { rawDate, rawNumber, type RawDate, type RawNumber } from '@/lib/db/raw-values';
import { SIGN_IN_METHOD_COLUMNS, signInMethodsFrom, type SignInMethodColumns } from '@/lib/auth/sign-in-methods';

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

type SummaryRow = SignInMethodColumns & { email: string; name: string | null; createdAt: RawDate; signInCount: RawNumber };

/**
 * The account overview's page, where every sign-in lands: the person and their ways in (the
 * security checklist's) in one statement instead of two.
 */
export async function accountSummary(userId: string) {
  const [row] = await db.$queryRaw<SummaryRow[]>`
    SELECT u."email", u."name", u."createdAt", u."signInCount", ${SIGN_IN_METHOD_COLUMNS}
    FROM "User" u
    WHERE u."id" = ${userId}`;
  if (!row) throw new Error(`No user ${userId}`);
  const methods = signInMethodsFrom(row);
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
