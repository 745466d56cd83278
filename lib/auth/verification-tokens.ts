import 'server-only';
import type { DbOrTx } from '@/lib/db/client';
import { constantTimeEqual, generateNumericCode, generateToken, hashToken } from '@/lib/crypto/tokens';

export type TokenPurpose =
  | 'email_verify'
  | 'magic_link'
  | 'email_code'
  | 'password_reset'
  | 'email_change'
  | 'email_change_report'
  | 'account_restore'
  | 'mfa_challenge'
  | 'account_link'
  | 'sign_up_binding';

/** How long each kind of token lives. */
export const TOKEN_TTL_SECONDS: Record<TokenPurpose, number> = {
  email_verify: 24 * 60 * 60,
  magic_link: 15 * 60,
  email_code: 10 * 60,
  password_reset: 30 * 60,
  email_change: 24 * 60 * 60,
  email_change_report: 7 * 24 * 60 * 60,
  account_restore: 15 * 60,
  mfa_challenge: 10 * 60,
  // Long enough to sign in (and answer a second factor), short enough not to linger.
  account_link: 15 * 60,
  // As long as the confirmation link the sign-up sent.
  sign_up_binding: 24 * 60 * 60,
};

/** Wrong guesses allowed against one emailed code before it is void. */
export const EMAIL_CODE_MAX_ATTEMPTS = 5;

type IssueInput = {
  purpose: TokenPurpose;
  email: string;
  userId: string | null;
  payload?: string;
  /** The row's id, when it is chosen first (a payload encrypted bound to its row). */
  id?: string;
  /** Leave earlier unused tokens of this purpose working (a second "this was not me" link). */
  keepEarlier?: boolean;
};

const hashFor = (purpose: TokenPurpose, secret: string) => hashToken(secret, `verification:${purpose}`);

/** Issues a single-use link token; earlier unused tokens of the same purpose for this email stop working. */
export async function issueLinkToken(tx: DbOrTx, input: IssueInput) {
  return issue(tx, input, generateToken());
}

/** Issues a 6-digit code for the email; only the newest code for an address is valid. */
export async function issueEmailCode(tx: DbOrTx, input: Omit<IssueInput, 'purpose'>) {
  return issue(tx, { ...input, purpose: 'email_code' }, generateNumericCode(6));
}

async function issue(tx: DbOrTx, input: IssueInput, secret: string) {
  if (!input.keepEarlier) {
    await tx.verificationToken.updateMany({
      where: { identifier: input.email, purpose: input.purpose, consumedAt: null },
      data: { consumedAt: new Date() },
    });
  }
  await tx.verificationToken.create({
    data: {
      id: input.id,
      identifier: input.email,
      token: hashFor(input.purpose, secret),
      purpose: input.purpose,
      userId: input.userId,
      payload: input.payload,
      expires: new Date(Date.now() + TOKEN_TTL_SECONDS[input.purpose] * 1000),
    },
  });
  return secret;
}

/** The stored record behind a token, spent or not, for flows with their own rules (second-factor challenges). */
export function findToken(tx: DbOrTx, purpose: TokenPurpose, secret: string) {
  return tx.verificationToken.findFirst({ where: { token: hashFor(purpose, secret), purpose } });
}

export type ConsumeResult =
  | { ok: true; id: string; email: string; userId: string | null; payload: string | null }
  | { ok: false; error: 'invalid' | 'expired' | 'used' };

/** Whether a link token could be spent now, without spending it: lets a flow refuse a bad link before costly work. */
export async function checkLinkToken(tx: DbOrTx, purpose: TokenPurpose, secret: string) {
  const record = await tx.verificationToken.findFirst({ where: { token: hashFor(purpose, secret), purpose } });
  if (!record) return { ok: false as const, error: 'invalid' as const };
  if (record.consumedAt) return { ok: false as const, error: 'used' as const };
  if (record.expires.getTime() < Date.now()) return { ok: false as const, error: 'expired' as const };
  return { ok: true as const, record };
}

/** Spends a link token: valid once, before it expires. */
export async function consumeLinkToken(tx: DbOrTx, purpose: TokenPurpose, secret: string): Promise<ConsumeResult> {
  const checked = await checkLinkToken(tx, purpose, secret);
  if (!checked.ok) return checked;
  const { record } = checked;
  // The conditional update makes two simultaneous clicks spend it only once.
  const spent = await tx.verificationToken.updateMany({ where: { id: record.id, consumedAt: null }, data: { consumedAt: new Date() } });
  if (spent.count !== 1) return { ok: false, error: 'used' };
  return { ok: true, id: record.id, email: record.identifier, userId: record.userId, payload: record.payload };
}

/** Looks at a link token without spending it (to show what a confirmation page is about). */
export async function peekLinkToken(tx: DbOrTx, purpose: TokenPurpose, secret: string) {
  const record = await tx.verificationToken.findFirst({ where: { token: hashFor(purpose, secret), purpose } });
  if (!record || record.consumedAt || record.expires.getTime() < Date.now()) return null;
  return { id: record.id, email: record.identifier, userId: record.userId, payload: record.payload };
}

export type CodeGuess =
  | { ok: true; id: string; userId: string | null; payload: string | null }
  | { ok: false; error: 'no_code' | 'invalid' | 'expired' | 'too_many_attempts'; attemptsLeft: number };

/**
 * Counts a guess at the newest emailed code, then compares it; the code dies after the
 * last allowed guess. The count comes first, as one conditional UPDATE
 * ("attempts = attempts + 1 WHERE attempts < max"): parallel guesses queue on the row
 * for that one statement, and only the first `EMAIL_CODE_MAX_ATTEMPTS` are compared at
 * all. (A read-then-write count lets concurrent guesses overwrite each other's
 * increments.) Pass the root client: each statement commits at once, so the count
 * stands even if the caller's later work fails, and no row lock is held across it.
 * A right code is not spent yet: the caller spends it with `spendEmailCode` in the
 * transaction that signs in. `no_code` means nothing was compared.
 */
export async function checkEmailCodeGuess(client: DbOrTx, email: string, code: string): Promise<CodeGuess> {
  const record = await client.verificationToken.findFirst({
    where: { identifier: email, purpose: 'email_code', consumedAt: null },
    orderBy: { createdAt: 'desc' },
    select: { id: true, expires: true },
  });
  if (!record) return { ok: false, error: 'no_code', attemptsLeft: 0 };
  if (record.expires.getTime() < Date.now()) return { ok: false, error: 'expired', attemptsLeft: 0 };
  const counted = await client.verificationToken.updateMany({
    where: { id: record.id, consumedAt: null, attempts: { lt: EMAIL_CODE_MAX_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  if (counted.count !== 1) return { ok: false, error: 'no_code', attemptsLeft: 0 };
  // Read after the increment: this guess's own number.
  const current = await client.verificationToken.findUniqueOrThrow({ where: { id: record.id } });
  if (!constantTimeEqual(current.token, hashFor('email_code', code))) {
    const dead = current.attempts >= EMAIL_CODE_MAX_ATTEMPTS;
    if (dead) await client.verificationToken.updateMany({ where: { id: record.id, consumedAt: null }, data: { consumedAt: new Date() } });
    return dead
      ? { ok: false, error: 'too_many_attempts', attemptsLeft: 0 }
      : { ok: false, error: 'invalid', attemptsLeft: EMAIL_CODE_MAX_ATTEMPTS - current.attempts };
  }
  return { ok: true, id: current.id, userId: current.userId, payload: current.payload };
}

/** Spends a code that `checkEmailCodeGuess` accepted; conditional, so two right guesses sign in once. */
export async function spendEmailCode(tx: DbOrTx, id: string): Promise<boolean> {
  const spent = await tx.verificationToken.updateMany({ where: { id, consumedAt: null }, data: { consumedAt: new Date() } });
  return spent.count === 1;
}
