import { z } from 'zod';
import { config } from '@/lib/config';

// Every email Gatehouse sends, defined once: subject, plain text and branded HTML.

export type EmailMessage = { to: string; template: TemplateName; subject: string; text: string; html: string };

type Content = { subject: string; intro: string; action?: { label: string; url: string }; code?: string; outro: string };

/** A template: the data it needs, as a schema (an email job's payload is checked against it), and its content. */
function template<S extends z.ZodObject>(data: S, content: (d: z.output<S>) => Content) {
  return { data, content };
}

const templates = {
  verify_email: template(z.object({ url: z.string() }), (d) => ({
    subject: 'Confirm your email address',
    intro: 'Confirm that this is your email address to finish setting up your account.',
    action: { label: 'Confirm email address', url: d.url },
    outro: 'The link works once and expires in 24 hours. If you did not create an account, ignore this email.',
  })),
  magic_link: template(z.object({ url: z.string() }), (d) => ({
    subject: 'Your sign-in link',
    intro: 'Use this link to sign in. No password needed.',
    action: { label: 'Sign in', url: d.url },
    outro: 'The link works once and expires in 15 minutes. If you did not ask for it, ignore this email: nobody can sign in without it.',
  })),
  email_code: template(z.object({ code: z.string() }), (d) => ({
    subject: `Your sign-in code: ${d.code}`,
    intro: 'Enter this code to sign in:',
    code: d.code,
    outro: 'The code expires in 10 minutes. Never share it: we will never ask you for it.',
  })),
  password_reset: template(z.object({ url: z.string() }), (d) => ({
    subject: 'Reset your password',
    intro: 'Someone (hopefully you) asked to reset the password for this account.',
    action: { label: 'Choose a new password', url: d.url },
    outro: 'The link works once and expires in 30 minutes. After the reset, every other signed-in device is signed out. If you did not ask for this, ignore this email.',
  })),
  account_exists: template(z.object({ signInUrl: z.string(), resetUrl: z.string() }), (d) => ({
    subject: 'You already have an account',
    intro: 'Someone tried to create an account with this email address, but you already have one.',
    action: { label: 'Sign in', url: d.signInUrl },
    outro: `Forgot your password? Reset it at ${d.resetUrl}. If this was not you, you can ignore this email.`,
  })),
  password_changed: template(z.object({ when: z.string() }), (d) => ({
    subject: 'Your password was changed',
    intro: `The password for your account was changed on ${d.when}, and other devices were signed out.`,
    outro: 'If this was not you, reset your password at once and contact support.',
  })),
  confirm_new_email: template(z.object({ url: z.string() }), (d) => ({
    subject: 'Confirm your new email address',
    intro: 'You asked to use this address for your account. Confirm it to make the change.',
    action: { label: 'Confirm new email address', url: d.url },
    outro: 'The link works once and expires in 24 hours. Until you confirm, your old address stays in use. If you did not ask for this, ignore this email.',
  })),
  email_change_notice: template(z.object({ newEmail: z.string(), reportUrl: z.string() }), (d) => ({
    subject: 'Your email address is being changed',
    intro: `Someone signed in to your account asked to change its email address to ${d.newEmail}. The change happens only when the new address is confirmed.`,
    action: { label: 'This was not me', url: d.reportUrl },
    outro: 'If this was you, there is nothing to do. If not, use the button: it cancels the change and signs out every device, and you should then reset your password.',
  })),
  email_changed_notice: template(z.object({ newEmail: z.string(), reportUrl: z.string() }), (d) => ({
    subject: 'Your email address was changed',
    intro: `The email address of your account is now ${d.newEmail}: the change was confirmed from that address. We will not send anything else to this one.`,
    action: { label: 'This was not me', url: d.reportUrl },
    outro: 'If this was you, there is nothing to do. If not, use the button within 7 days: it puts this address back, signs out every device and app, and removes passkeys, authenticator apps and linked accounts added since the change was asked for.',
  })),
  deletion_scheduled: template(z.object({ date: z.string(), signInUrl: z.string() }), (d) => ({
    subject: 'Your account will be deleted',
    intro: `Your account is closed and will be permanently erased on ${d.date}. Until then you can change your mind.`,
    action: { label: 'Sign in to keep my account', url: d.signInUrl },
    outro: 'After that date your personal data is erased and cannot be recovered.',
  })),
  dsr_acknowledged: template(z.object({ kind: z.enum(['access', 'erasure']), dueDate: z.string() }), (d) => ({
    subject: 'We have received your data request',
    intro:
      d.kind === 'erasure'
        ? `Our staff have recorded your request to erase your account and the personal data we hold about you. We will complete it by ${d.dueDate}.`
        : `Our staff have recorded your request for a copy of the personal data we hold about you. We will complete it by ${d.dueDate}.`,
    outro: 'We will email you again when it is done. If you did not ask for this, contact our support team.',
  })),
  dsr_export_ready: template(z.object({ privacyUrl: z.string() }), (d) => ({
    subject: 'Your data is ready to download',
    intro: 'We have completed your request for a copy of your data. To get it, sign in and choose "Download my data" on your Privacy page.',
    action: { label: 'Open your Privacy page', url: d.privacyUrl },
    outro: 'For your security the file is not attached to this email: only you can download it, after signing in.',
  })),
  dsr_erased: template(z.object({ signUpUrl: z.string() }), (d) => ({
    subject: 'Your data has been erased',
    intro: 'As you asked, we have erased your account and the personal data we held about it.',
    outro: `We keep only a record that the erasure happened, with nothing that identifies you. To use our service again, create a new account at ${d.signUpUrl}.`,
  })),
  dsr_rejected: template(z.object({ kind: z.enum(['access', 'erasure']), reason: z.string() }), (d) => ({
    subject: 'About your data request',
    intro: `We could not complete your request ${d.kind === 'erasure' ? 'to erase your data' : 'for a copy of your data'}. The reason: ${d.reason}`,
    outro: 'If you have questions, or think this is a mistake, contact our support team.',
  })),
} as const;

export type TemplateName = keyof typeof templates;
export type TemplateData<T extends TemplateName> = z.output<(typeof templates)[T]['data']>;

const TEMPLATE_NAMES = Object.keys(templates) as [TemplateName, ...TemplateName[]];

/** An email as it is queued: the template, the address, and what that template needs (checked by the template's own schema). */
export const queuedEmailSchema = z
  .object({ template: z.enum(TEMPLATE_NAMES), to: z.string().min(3), data: z.record(z.string(), z.string()) })
  .refine((email) => templates[email.template].data.safeParse(email.data).success, { message: 'The data does not fit the template', path: ['data'] });

export type QueuedEmail = z.output<typeof queuedEmailSchema>;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderEmail<T extends TemplateName>(template: T, to: string, data: TemplateData<T>): EmailMessage {
  const content: Content = (templates[template].content as (d: TemplateData<T>) => Content)(data);
  const { name, color } = config().brand;
  const text = [
    content.intro,
    content.code ? `\n    ${content.code}\n` : '',
    content.action ? `${content.action.label}: ${content.action.url}\n` : '',
    content.outro,
    `\n— ${name}`,
  ]
    .filter(Boolean)
    .join('\n');
  const html = `<!doctype html><html><body style="margin:0;background:#f4f4f5;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#18181b">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:32px 16px">
<table role="presentation" width="100%" style="max-width:520px;background:#fff;border-radius:12px;padding:32px" cellpadding="0" cellspacing="0">
<tr><td style="font-size:20px;font-weight:700;color:${color};padding-bottom:16px">${escapeHtml(name)}</td></tr>
<tr><td style="font-size:16px;line-height:1.5;padding-bottom:16px">${escapeHtml(content.intro)}</td></tr>
${content.code ? `<tr><td style="font-size:32px;font-weight:700;letter-spacing:8px;padding-bottom:16px">${escapeHtml(content.code)}</td></tr>` : ''}
${content.action ? `<tr><td style="padding-bottom:16px"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:${color};color:#fff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600">${escapeHtml(content.action.label)}</a></td></tr>
<tr><td style="font-size:13px;color:#52525b;padding-bottom:16px;word-break:break-all">Or paste this link into your browser: ${escapeHtml(content.action.url)}</td></tr>` : ''}
<tr><td style="font-size:14px;color:#52525b;line-height:1.5">${escapeHtml(content.outro)}</td></tr>
</table></td></tr></table></body></html>`;
  return { to, template, subject: content.subject, text, html };
}

/** Renders a queued email; its data was checked against the template when it was queued and read back. */
export function renderQueuedEmail(email: QueuedEmail): EmailMessage {
  return renderEmail(email.template, email.to, templates[email.template].data.parse(email.data));
}
