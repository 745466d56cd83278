import 'server-only';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { config } from '@/lib/config';

// The few pages oidc-provider renders itself (sign-out confirmation, signed out, errors),
// in Gatehouse's brand. Plain HTML: they are served by the provider, not by React.

const escapeHtml = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string) {
  const { brand } = config();
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(brand.name)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;margin:0;padding:4rem 1rem}
main{max-width:28rem;margin:0 auto;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem;padding:2rem}
h1{font-size:1.25rem;margin:0 0 1rem}p{line-height:1.5;color:#334155}
button{display:block;width:100%;padding:.625rem;margin-top:.75rem;border-radius:.5rem;font-size:1rem;cursor:pointer;border:1px solid ${brand.color}}
.primary{background:${brand.color};color:#fff}.secondary{background:#fff;color:${brand.color}}
.brand{font-weight:600;margin-bottom:1.5rem;color:${brand.color}}
@media (prefers-color-scheme:dark){body{background:#0f172a;color:#f1f5f9}main{background:#1e293b;border-color:#334155}p{color:#cbd5e1}.secondary{background:#1e293b}}
</style></head>
<body><main><div class="brand">${escapeHtml(brand.name)}</div>${body}</main></body></html>`;
}

function clientName(ctx: KoaContextWithOIDC) {
  const client = ctx.oidc.client;
  return client ? String(client.clientName ?? client.clientId) : null;
}

export async function logoutPage(ctx: KoaContextWithOIDC, form: string) {
  const name = clientName(ctx);
  ctx.type = 'html';
  ctx.body = page(
    'Sign out',
    `<h1>Sign out of ${escapeHtml(config().brand.name)}?</h1>
<p>${name ? `${escapeHtml(name)} asked to sign you out. ` : ''}You will be signed out of every app that uses your ${escapeHtml(config().brand.name)} account on this device.</p>
${form}
<button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
<button class="secondary" type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

export async function signedOutPage(ctx: KoaContextWithOIDC) {
  ctx.type = 'html';
  ctx.body = page('Signed out', `<h1>You are signed out</h1><p>You can close this page.</p>`);
}

export async function errorPage(ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) {
  ctx.type = 'html';
  ctx.body = page(
    'Something went wrong',
    `<h1>This sign-in could not be completed</h1>
<p>${escapeHtml(out.error_description ?? out.error ?? 'The request was not valid.')}</p>
<p>Go back to the app you came from and try again.</p>`,
  );
}
