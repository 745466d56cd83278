import 'server-only';
import { db } from '@/lib/db/client';
import { config } from '@/lib/config';
import { recordAudit, recordUserEvent } from '@/lib/audit/record';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import { acceptRequiredDocuments } from '@/lib/consent/record';
import { queueEmail } from '@/lib/email/send';
import { runSoon } from '@/lib/jobs/queue';
import type { RequestContext } from '@/lib/http/request-context';
import { consumeLimit, describeWait } from '@/lib/rate-limit/limiters';
import { signUpSchema } from '@/lib/validation/auth';
import { hashPassword, passwordProblem } from './passwords';
import { issueLinkToken } from './verification-tokens';
import { issueSignUpBinding } from './unproven-account';
import { fieldErrorsOf } from '@/lib/validation/field-errors';

export type SignUpResult =
  /** `browserBinding` goes into an httpOnly cookie of the browser that signed up (lib/auth/unproven-account.ts). */
  | { ok: true; browserBinding: string }
  | { ok: false; fieldErrors?: Record<string, string>; formError?: string };

/**
 * Creates an account, or — when the email is taken — tells its owner by email.
 * Both answer "check your email", equally fast, so sign-up does not reveal who has an account.
 */
export async function signUp(raw: unknown, context: RequestContext): Promise<SignUpResult> {
  const parsed = signUpSchema(config().password.minLength).safeParse(raw);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    return { ok: false, fieldErrors };
  }
  const input = parsed.data;
  if (input.method === 'password') {
    const problem = passwordProblem(input.password ?? '');
    if (problem) return { ok: false, fieldErrors: { password: problem } };
  }
  const limit = await consumeLimit('signUpIp', context.ip);
  if (!limit.ok) return { ok: false, formError: `Too many sign-ups from your network. Try again in ${describeWait(limit.retryAfterSeconds)}.` };

  // Hash first, whether or not the account exists, so both paths cost the same.
  const passwordHash = input.method === 'password' ? await hashPassword(input.password!) : null;
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  const appUrl = config().appUrl;

  if (existing) {
    const queued = await db.$transaction(async (tx) => {
      await recordAudit(tx, {
        action: 'user.sign_up',
        result: 'failure',
        reason: 'email_taken',
        actor: { type: 'user', id: null },
        target: { type: 'user', id: existing.id },
        context,
      });
      return queueEmail(tx, 'account_exists', input.email, { signInUrl: `${appUrl}/sign-in`, resetUrl: `${appUrl}/reset-password` }, { userId: existing.id });
    });
    await runSoon(queued);
    return { ok: true, browserBinding: await issueSignUpBinding(db, null) };
  }

  const next = input.next ?? '/account';
  const { queued, browserBinding } = await db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email: input.email,
        ...(passwordHash ? { password: { create: { hash: passwordHash } } } : {}),
      },
    });
    const customer = await tx.role.findUnique({ where: { key: 'customer' } });
    await emitWebhookEvent(tx, 'user.created', { userId: user.id, method: input.method });
    if (customer) {
      await tx.userRole.create({ data: { userId: user.id, roleId: customer.id } });
      await emitWebhookEvent(tx, 'role.assigned', { userId: user.id, role: customer.key });
    }
    await acceptRequiredDocuments(tx, { userId: user.id, source: 'sign_up', context });
    await recordUserEvent(tx, 'user.sign_up', {
      userId: user.id,
      metadata: { method: input.method },
      context,
    });
    const verifyToken = await issueLinkToken(tx, { purpose: 'email_verify', email: user.email, userId: user.id, payload: next });
    return {
      queued: await queueEmail(tx, 'verify_email', input.email, { url: `${appUrl}/verify-email?token=${verifyToken}` }, { userId: user.id }),
      browserBinding: await issueSignUpBinding(tx, user),
    };
  });
  await runSoon(queued);
  return { ok: true, browserBinding };
}

