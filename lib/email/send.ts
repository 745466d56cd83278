import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '@/lib/config';
import { db, type DbOrTx } from '@/lib/db/client';
import { defineJob, PermanentJobFailure } from '@/lib/jobs/define';
import { enqueue, type QueuedJob } from '@/lib/jobs/queue';
import { queuedEmailSchema, renderQueuedEmail, type EmailMessage, type TemplateData, type TemplateName } from './templates';

let transporter: Transporter | undefined;

// Each well under the job's timeout, which is under its claim: a hung mail server fails the
// attempt instead of letting another runner take the job over and send it a second time.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** Delivers now: over SMTP when SMTP_URL is set, otherwise into the development outbox. */
export async function deliverEmail(message: EmailMessage) {
  const { smtpUrl, from } = config().email;
  if (!smtpUrl) {
    await db.devOutboxMessage.create({
      data: { to: message.to, subject: message.subject, text: message.text, html: message.html, template: message.template },
    });
    return;
  }
  transporter ??= nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
  try {
    await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html });
  } catch (error) {
    // RFC 5321 §4.2.1: a 5yz reply is a permanent refusal (no such mailbox, policy), so no retry
    // can help; 4yz and a lost connection are transient and are retried.
    const code = smtpReplyCode(error);
    if (code !== null && code >= 500) throw new PermanentJobFailure(`The mail server refused the email (${code})`, `SMTP ${code}`);
    throw error;
  }
}

function smtpReplyCode(error: unknown): number | null {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' ? code : null;
}

/**
 * Retried for about a day: a mail server outage of minutes or hours still ends in delivery.
 * Sign-in links and codes expire sooner, so late ones arrive void; the security notices are
 * what the long tail is for.
 */
export const EMAIL_RETRY = { delaysSeconds: [10, 60, 5 * 60, 30 * 60, 2 * 60 * 60, 8 * 60 * 60, 16 * 60 * 60] };

/** Renders and sends one email. The address and data stay out of the job's log: only the reply code or the connection error's code is kept. */
export const sendEmailJob = defineJob({
  name: 'email.send',
  payload: queuedEmailSchema,
  handler: async (email) => deliverEmail(renderQueuedEmail(email)),
  retry: EMAIL_RETRY,
  describeFailure: (error) => {
    const code = smtpReplyCode(error);
    return code === null ? null : `SMTP ${code}`;
  },
});

/**
 * Queues an email in the caller's transaction: it exists, and will be sent, exactly when the
 * change it reports commits. Once that transaction has committed, pass the result to
 * `runSoon` (lib/jobs/queue.ts) to send it right after the response; the job runner sends
 * whatever that misses. `userId` names the person it is about (erasure removes it), or null
 * when the person is gone (the notice that their data was erased) or not known.
 */
export function queueEmail<T extends TemplateName>(tx: DbOrTx, template: T, to: string, data: TemplateData<T>, about: { userId: string | null }): Promise<QueuedJob> {
  return enqueue(tx, sendEmailJob, { template, to, data }, about);
}
