import 'server-only';
import { db } from '@/lib/db/client';
import { config } from '@/lib/config';
import { recordAudit, recordUserEvent } from '@/lib/audit/record';
import { z } from 'zod';
import { queueEmail } from '@/lib/email/send';
import { defineJob } from '@/lib/jobs/define';
import { enqueue, runSoon } from '@/lib/jobs/queue';
import type { RequestContext } from '@/lib/http/request-context';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { consumeLimit, describeWait } from '@/lib/rate-limit/limiters';
import { recordFailedSignIn } from './failed-sign-in';
import { canAttemptSignIn, continueSignIn, type SignInOutcome } from './sign-in-pipeline';
import { checkEmailCodeGuess, consumeLinkToken, issueEmailCode, issueLinkToken, spendEmailCode } from './verification-tokens';
import { claimAddressOnFirstProof, type ProvingBrowser } from './unproven-account';

export type EmailRequestResult = { ok: true } | { ok: false; message: string };

async function limitEmailSend(email: string, context: RequestContext): Promise<EmailRequestResult> {
  const ip = await consumeLimit('emailSendIp', context.ip);
  if (!ip.ok) return { ok: false, message: `Too many emails requested from your network. Try again in ${describeWait(ip.retryAfterSeconds)}.` };
  const address = await consumeLimit('emailSendAddress', email);
  if (!address.ok) return { ok: false, message: `Too many emails sent to this address. Try again in ${describeWait(address.retryAfterSeconds)}.` };
  return { ok: true };
}

// A request is answered once it is a job: the same one insert for every address, known or not,
// so the answer's timing tells nothing (ASVS 5.0 6.3.8), and a crash after the answer cannot
// drop the email, as work left to after() alone could. The job looks the address up, issues
// the link or code with its audit event, and queues the email in that same transaction.
const emailRequest = z.object({ email: z.string(), context: z.object({ ip: z.string().nullable(), userAgent: z.string().nullable() }) });
// A person is waiting: a few quick tries, then give up (their link would be stale by then anyway).
const REQUEST_RETRY = { delaysSeconds: [5, 30, 2 * 60] };

export const magicLinkRequestJob = defineJob({
  name: 'sign_in.magic_link_request',
  payload: emailRequest.extend({ next: z.string() }),
  handler: ({ email, next, context }) => issueMagicLink(email, next, context),
  retry: REQUEST_RETRY,
});

export const emailCodeRequestJob = defineJob({
  name: 'sign_in.email_code_request',
  payload: emailRequest,
  handler: ({ email, context }) => issueSignInCode(email, context),
  retry: REQUEST_RETRY,
});

/**
 * Emails a sign-in link to an existing, active account; the answer is the same either way.
 * Known and unknown addresses do the same work before the answer (the limits and the queued
 * request): the look-up, the token, its audit event and the email all come after it.
 */
export async function requestMagicLink(email: string, next: string | undefined, context: RequestContext): Promise<EmailRequestResult> {
  const limited = await limitEmailSend(email, context);
  if (!limited.ok) return limited;
  await runSoon(await enqueue(db, magicLinkRequestJob, { email, next: safeRedirect(next), context }, { userId: null }));
  return { ok: true };
}

async function issueMagicLink(email: string, next: string, context: RequestContext) {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, status: true } });
  if (!user || !canAttemptSignIn(user.status)) return;
  const queued = await db.$transaction(async (tx) => {
    const token = await issueLinkToken(tx, { purpose: 'magic_link', email, userId: user.id, payload: next });
    await recordUserEvent(tx, 'user.magic_link_sent', { userId: user.id, context });
    return queueEmail(tx, 'magic_link', email, { url: `${config().appUrl}/magic-link?token=${token}` }, { userId: user.id });
  });
  await runSoon(queued);
}

/** Emails a 6-digit sign-in code to an existing, active account; the answer is the same either way, equally fast. */
export async function requestEmailCode(email: string, context: RequestContext): Promise<EmailRequestResult> {
  const limited = await limitEmailSend(email, context);
  if (!limited.ok) return limited;
  await runSoon(await enqueue(db, emailCodeRequestJob, { email, context }, { userId: null }));
  return { ok: true };
}

async function issueSignInCode(email: string, context: RequestContext) {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, status: true } });
  if (!user || !canAttemptSignIn(user.status)) return;
  const queued = await db.$transaction(async (tx) => {
    const code = await issueEmailCode(tx, { email, userId: user.id });
    await recordUserEvent(tx, 'user.email_code_sent', { userId: user.id, context });
    return queueEmail(tx, 'email_code', email, { code }, { userId: user.id });
  });
  await runSoon(queued);
}

export type EmailSignInResult = { ok: true; outcome: SignInOutcome; next: string } | { ok: false; message: string };

const LINK_ERRORS = {
  invalid: 'This sign-in link is not valid. Request a new one.',
  used: 'This sign-in link has already been used. Request a new one.',
  expired: 'This sign-in link has expired. Request a new one.',
} as const;

export async function signInWithMagicLink(token: string, context: RequestContext, browser?: ProvingBrowser): Promise<EmailSignInResult> {
  return db.$transaction(async (tx) => {
    const spent = await consumeLinkToken(tx, 'magic_link', token);
    if (!spent.ok) {
      await recordFailedSignIn(tx, 'magic_link', { userId: null, reason: `magic_link_${spent.error}`, context });
      return { ok: false, message: LINK_ERRORS[spent.error] };
    }
    const user = await tx.user.findUnique({ where: { id: spent.userId ?? '' } });
    if (!user || !canAttemptSignIn(user.status)) return { ok: false, message: 'This account is not active. Contact support if you think this is a mistake.' };
    // Following the link proves the address, so it also counts as verification; the first
    // proof of a never-confirmed address takes back what anyone else set up (unproven-account.ts).
    await claimAddressOnFirstProof(tx, { userId: user.id, proof: 'magic_link', browser, context });
    const outcome = await continueSignIn(tx, { userId: user.id, methods: ['magic_link'], context });
    return { ok: true, outcome, next: safeRedirect(spent.payload) };
  });
}

/** One message for every wrong, expired or exhausted code, so the answer reveals nothing about the account. */
export const EMAIL_CODE_ERROR = 'That code is not right or has expired. Check the newest email, or send a new code.';

export async function signInWithEmailCode(email: string, code: string, context: RequestContext, browser?: ProvingBrowser): Promise<{ ok: true; outcome: SignInOutcome } | { ok: false; message: string }> {
  const ip = await consumeLimit('codeIp', context.ip);
  if (!ip.ok) return { ok: false, message: `Too many codes tried from your network. Try again in ${describeWait(ip.retryAfterSeconds)}.` };
  const result = await checkEmailCodeGuess(db, email, code);
  return db.$transaction(async (tx) => {
    if (!result.ok || !(await spendEmailCode(tx, result.id))) {
      const reason = result.ok ? 'no_code' : result.error;
      await recordFailedSignIn(tx, 'email_code', { userId: null, reason: `email_code_${reason}`, context });
      if (!result.ok && result.error === 'too_many_attempts') {
        await recordAudit(tx, { action: 'user.locked_out', reason: 'email_code_attempts', actor: { type: 'system' }, context });
      }
      return { ok: false, message: EMAIL_CODE_ERROR };
    }
    const user = await tx.user.findUnique({ where: { id: result.userId ?? '' } });
    if (!user || !canAttemptSignIn(user.status)) return { ok: false, message: EMAIL_CODE_ERROR };
    await claimAddressOnFirstProof(tx, { userId: user.id, proof: 'email_code', browser, context });
    const outcome = await continueSignIn(tx, { userId: user.id, methods: ['email_code'], context });
    return { ok: true, outcome };
  });
}
