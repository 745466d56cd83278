import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '@/lib/config';
import { afterResponse } from '@/lib/http/after-response';
import { db } from '@/lib/db/client';
import { renderEmail, type EmailMessage, type TemplateData, type TemplateName } from './templates';

let transporter: Transporter | undefined;

/** Delivers now: over SMTP when SMTP_URL is set, otherwise into the development outbox. */
export async function deliverEmail(message: EmailMessage) {
  const { smtpUrl, from } = config().email;
  if (!smtpUrl) {
    await db.devOutboxMessage.create({
      data: { to: message.to, subject: message.subject, text: message.text, html: message.html, template: message.template },
    });
    return;
  }
  transporter ??= nodemailer.createTransport(smtpUrl);
  await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html });
}

/**
 * Sends after the response has gone out. Besides keeping SMTP latency off the
 * request, this keeps "email sent" and "no such account" answers equally fast,
 * so timing does not reveal which addresses have accounts.
 */
export async function sendEmail<T extends TemplateName>(template: T, to: string, data: TemplateData<T>) {
  const message = renderEmail(template, to, data);
  // The address is personal data and stays out of logs; the template says what failed.
  await afterResponse(`Email "${template}" could not be delivered`, () => deliverEmail(message));
}
