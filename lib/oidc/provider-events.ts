import 'server-only';
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { findActiveSession, sessionCookie } from '@/lib/auth/sessions';
import { signOut } from '@/lib/auth/sign-out';
import type { RequestContext } from '@/lib/http/request-context';

// The provider announces what happened through synchronous events; the audit writes are
// awaited in a middleware after the provider has answered, so none is lost or left dangling.

type Noted = { authorized?: boolean; clientCredentials?: boolean; endedSession?: boolean };
type StatefulContext = KoaContextWithOIDC & { state: { gatehouse?: Noted } };

function note(ctx: unknown, what: keyof Noted) {
  const state = (ctx as StatefulContext).state;
  state.gatehouse = { ...state.gatehouse, [what]: true };
}

function contextOf(ctx: KoaContextWithOIDC): RequestContext {
  return { ip: ctx.ip || null, userAgent: ctx.get('user-agent') || null };
}

export function recordProviderEvents(provider: Provider) {
  provider.on('authorization.success', (ctx) => note(ctx, 'authorized'));
  provider.on('grant.success', (ctx) => {
    if ((ctx as KoaContextWithOIDC).oidc.params?.grant_type === 'client_credentials') note(ctx, 'clientCredentials');
  });
  provider.on('end_session.success', (ctx) => note(ctx, 'endedSession'));
  // The client only sees "server_error"; the operator needs the cause (an Error: no tokens or secrets in it).
  provider.on('server_error', (_ctx, error) => console.error('OpenID Provider error:', error));

  provider.use(async (ctx, next) => {
    await next();
    const noted = (ctx as StatefulContext).state.gatehouse;
    if (!noted) return;
    const client = ctx.oidc?.client;
    const clientMeta = { client: client ? String(client.clientName ?? client.clientId) : null };
    if (noted.authorized && ctx.oidc.session?.accountId && client) {
      await recordAudit(db, {
        action: 'oidc.authorized',
        actor: { type: 'user', id: ctx.oidc.session.accountId },
        target: { type: 'oidc_client', id: client.clientId },
        metadata: { ...clientMeta, scope: String(ctx.oidc.params?.scope ?? '') },
        context: contextOf(ctx),
      });
    }
    if (noted.clientCredentials && client) {
      await recordAudit(db, {
        action: 'oidc.token_issued',
        actor: { type: 'client', id: client.clientId },
        target: { type: 'oidc_client', id: client.clientId },
        metadata: { ...clientMeta, grant: 'client_credentials', scope: String(ctx.oidc.params?.scope ?? '') },
        context: contextOf(ctx),
      });
    }
    if (noted.endedSession) await endGatehouseSession(ctx);
  });
}

/** RP-initiated logout ends the Gatehouse session as well: "sign out" from an app means out of single sign-on. */
async function endGatehouseSession(ctx: KoaContextWithOIDC) {
  const { name, options } = sessionCookie();
  const token = ctx.cookies.get(name, { signed: false });
  const session = token ? await findActiveSession(token) : null;
  if (session) await signOut({ sessionId: session.id, userId: session.userId, context: contextOf(ctx) });
  if (token) ctx.cookies.set(name, '', { ...options, maxAge: 0, signed: false, overwrite: true });
}
