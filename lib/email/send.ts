import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { after } from 'next/server';
import { config } from '@/lib/config';
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
 * so timing does not reveal which addresses have accounts. Outside a request
 * (scripts, integration tests) there is no "after", so it delivers at once.
 */
export async function sendEmail<T extends TemplateName>(template: T, to: string, data: TemplateData<T>) {
  const message = renderEmail(template, to, data);
  const deliver = () =>
    deliverEmail(message).catch((error: unknown) => {
      // The address is personal data and stays out of logs; the template says what failed.
      console.error(`Email "${template}" could not be delivered:`, error instanceof Error ? error.message : error);
    });
  try {
    after(deliver);
  } catch {
    await deliver();
  }
}
