import 'server-only';
import { db } from '@/lib/db/client';
import { config } from '@/lib/config';
import { recordAudit } from '@/lib/audit/record';
import type { RequestContext } from '@/lib/http/request-context';
import { consumeLimit, describeWait } from '@/lib/rate-limit/limiters';
import { passwordSignInSchema } from '@/lib/validation/auth';
import { recordFailedSignIn } from './failed-sign-in';
import { canAttemptSignIn, continueSignIn, type AccountState, type SignInOutcome } from './sign-in-pipeline';
import { rawBoolean, rawDate, type RawBoolean, type RawDate } from '@/lib/db/raw-values';
import { clearPasswordFailures, lockPasswordAttempts, returnPasswordAttempt, takePasswordAttempt } from './password-attempts';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { fieldErrorsOf } from '@/lib/validation/field-errors';

export type PasswordSignInResult =
  | { ok: true; outcome: SignInOutcome }
  | { ok: false; error: 'invalid' | 'locked' | 'rate_limited' | 'suspended'; message: string; fieldErrors?: Record<string, string> };

const INVALID_MESSAGE = 'That email and password do not match. Check them and try again, or sign in with an emailed link or code.';

function lockedMessage(seconds: number) {
  return `Too many failed attempts. For your security, password sign-in for this account is paused for ${describeWait(seconds)}. You can still sign in with an emailed link or code, or reset your password.`;
}

/**
 * Password sign-in. Unknown and known addresses take the same time (an argon2
 * check either way), get the same message, and lock out after the same number of
 * failures, so none of it reveals whether an account exists. The attempt is counted
 * before the argon2 check (lib/auth/password-attempts.ts).
 */
export async function signInWithPassword(raw: unknown, context: RequestContext): Promise<PasswordSignInResult> {
  const parsed = passwordSignInSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    return { ok: false, error: 'invalid', message: 'Check the highlighted fields.', fieldErrors };
  }
  const { email, password } = parsed.data;

  const ipLimit = await consumeLimit('signInIp', context.ip);
  if (!ipLimit.ok) {
    return { ok: false, error: 'rate_limited', message: `Too many sign-in attempts from your network. Try again in ${describeWait(ipLimit.retryAfterSeconds)}.` };
  }
  const user = await findPasswordAccount(email);
  const lockedUntil = user?.lockedUntil && user.lockedUntil.getTime() > Date.now() ? user.lockedUntil : null;
  // Counted before the hash, so parallel guesses cannot all slip past the threshold.
  const attempt = lockedUntil ? null : await takePasswordAttempt(email);
  if (!attempt?.ok) {
    const seconds = attempt ? attempt.retryAfterSeconds : Math.ceil((lockedUntil!.getTime() - Date.now()) / 1000);
    await recordFailedSignIn(db, 'password', { userId: user?.id ?? null, reason: 'locked', context });
    return { ok: false, error: 'locked', message: lockedMessage(seconds) };
  }

  const matches = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await burnPasswordCheck(password);
  if (!user || !matches) {
    const reason = user ? (user.passwordHash ? 'wrong_password' : 'no_password') : 'unknown_email';
    return recordFailure(email, user?.id ?? null, reason, attempt.last, context);
  }
  if (!canAttemptSignIn(user.status)) {
    await returnPasswordAttempt(email);
    await recordFailedSignIn(db, 'password', { userId: user.id, reason: `status_${user.status}`, context });
    return { ok: false, error: 'suspended', message: 'This account is not active. Contact support if you think this is a mistake.' };
  }
  await clearPasswordFailures(email);
  const outcome = await db.$transaction((tx) => continueSignIn(tx, { userId: user.id, methods: ['password'], context, account: user }));
  return { ok: true, outcome };
}

type PasswordAccountRow = { id: string; email: string; status: string; deletionScheduledAt: RawDate | null; lockedUntil: RawDate | null; passwordHash: string | null; hasConfirmedTotp: RawBoolean };

/**
 * The account an address names, with what a password sign-in decides on: its password hash, its
 * lockout and whether two-step is on (the pipeline's account state). One statement, where Prisma's
 * include sends one per relation: this runs on every password sign-in, known address or not.
 */
async function findPasswordAccount(email: string): Promise<(AccountState & { id: string; lockedUntil: Date | null; passwordHash: string | null }) | null> {
  const [row] = await db.$queryRaw<PasswordAccountRow[]>`
    SELECT u."id", u."email", u."status", u."deletionScheduledAt", u."lockedUntil", p."hash" AS "passwordHash",
           EXISTS (SELECT 1 FROM "MfaFactor" m WHERE m."userId" = u."id" AND m."type" = 'totp' AND m."confirmedAt" IS NOT NULL) AS "hasConfirmedTotp"
    FROM "User" u
    LEFT JOIN "PasswordCredential" p ON p."userId" = u."id"
    WHERE u."email" = ${email}`;
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    status: row.status,
    deletionScheduledAt: rawDate(row.deletionScheduledAt),
    lockedUntil: rawDate(row.lockedUntil),
    passwordHash: row.passwordHash,
    hasConfirmedTotp: rawBoolean(row.hasConfirmedTotp),
  };
}

/** Audits a wrong password; the one that used the last attempt locks the address. */
async function recordFailure(email: string, userId: string | null, reason: string, last: boolean, context: RequestContext): Promise<PasswordSignInResult> {
  const { durationSeconds } = config().lockout;
  if (last) await lockPasswordAttempts(email);
  await db.$transaction(async (tx) => {
    if (userId) {
      await tx.user.update({
        where: { id: userId },
        data: {
          failedSignInCount: { increment: 1 },
          ...(last ? { lockedUntil: new Date(Date.now() + durationSeconds * 1000) } : {}),
        },
      });
    }
    await recordFailedSignIn(tx, 'password', { userId, reason, context });
    if (last) {
      await recordAudit(tx, { action: 'user.locked_out', result: 'success', reason: 'too_many_failures', actor: { type: 'system' }, target: userId ? { type: 'user', id: userId } : null, context });
    }
  });
  if (last) return { ok: false, error: 'locked', message: lockedMessage(durationSeconds) };
  return { ok: false, error: 'invalid', message: INVALID_MESSAGE };
}
