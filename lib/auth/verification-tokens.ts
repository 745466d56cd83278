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
  | { ok: true; email: string; userId: string | null; payload: string | null }
  | { ok: false; error: 'invalid' | 'expired' | 'used' };

/** Spends a link token: valid once, before it expires. */
export async function consumeLinkToken(tx: DbOrTx, purpose: TokenPurpose, secret: string): Promise<ConsumeResult> {
  const record = await tx.verificationToken.findFirst({ where: { token: hashFor(purpose, secret), purpose } });
  if (!record) return { ok: false, error: 'invalid' };
  if (record.consumedAt) return { ok: false, error: 'used' };
  if (record.expires.getTime() < Date.now()) return { ok: false, error: 'expired' };
  // The conditional update makes two simultaneous clicks spend it only once.
  const spent = await tx.verificationToken.updateMany({ where: { id: record.id, consumedAt: null }, data: { consumedAt: new Date() } });
  if (spent.count !== 1) return { ok: false, error: 'used' };
  return { ok: true, email: record.identifier, userId: record.userId, payload: record.payload };
}

/** Looks at a link token without spending it (to show what a confirmation page is about). */
export async function peekLinkToken(tx: DbOrTx, purpose: TokenPurpose, secret: string) {
  const record = await tx.verificationToken.findFirst({ where: { token: hashFor(purpose, secret), purpose } });
  if (!record || record.consumedAt || record.expires.getTime() < Date.now()) return null;
  return { email: record.identifier, userId: record.userId, payload: record.payload };
}

export type CodeResult =
  | { ok: true; userId: string | null; payload: string | null }
  | { ok: false; error: 'invalid' | 'expired' | 'too_many_attempts'; attemptsLeft: number };

/** Checks an emailed code; each wrong guess counts, and the code dies after the last allowed one. */
export async function consumeEmailCode(tx: DbOrTx, email: string, code: string): Promise<CodeResult> {
  const record = await tx.verificationToken.findFirst({
    where: { identifier: email, purpose: 'email_code', consumedAt: null },
    orderBy: { createdAt: 'desc' },
  });
  if (!record) return { ok: false, error: 'invalid', attemptsLeft: 0 };
  if (record.expires.getTime() < Date.now()) return { ok: false, error: 'expired', attemptsLeft: 0 };
  if (!constantTimeEqual(record.token, hashFor('email_code', code))) {
    const attempts = record.attempts + 1;
    const dead = attempts >= EMAIL_CODE_MAX_ATTEMPTS;
    await tx.verificationToken.update({
      where: { id: record.id },
      data: { attempts, ...(dead ? { consumedAt: new Date() } : {}) },
    });
    return dead
      ? { ok: false, error: 'too_many_attempts', attemptsLeft: 0 }
      : { ok: false, error: 'invalid', attemptsLeft: EMAIL_CODE_MAX_ATTEMPTS - attempts };
  }
  const spent = await tx.verificationToken.updateMany({ where: { id: record.id, consumedAt: null }, data: { consumedAt: new Date() } });
  if (spent.count !== 1) return { ok: false, error: 'invalid', attemptsLeft: 0 };
  return { ok: true, userId: record.userId, payload: record.payload };
}
