import 'server-only';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { Interaction } from 'oidc-provider';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import type { RequestContext } from '@/lib/http/request-context';
import { OIDC_SCOPES, type OidcScope } from '@/lib/validation/oidc';
import { mustAcceptDocuments } from '@/lib/consent/re-consent';
import { interactionStartedAt, withProviderTransaction } from './adapter';
import { collectingResponse } from './node-bridge';
import { getProvider } from './provider';

// The login and consent steps of an authorization request, as Gatehouse's own pages see them.
// oidc-provider finds the interaction by a signed cookie it set on the browser; these functions
// hand it the browser's Cookie header, so they work from a page, a server action or a test.

export type InteractionUser = { userId: string; authMethods: string[]; authenticatedAt: string; sessionId?: string };

export type InteractionStep =
  | { kind: 'redirect'; to: string }
  | { kind: 'sign_in' }
  | { kind: 'confirm_identity' }
  | { kind: 'accept_terms' }
  | { kind: 'consent'; clientName: string; scopes: OidcScope[] }
  | { kind: 'elsewhere'; clientName: string; appUrl: string | null }
  | { kind: 'expired' };

function cookieRequest(cookieHeader: string) {
  const req = new IncomingMessage(new Socket());
  req.headers = { cookie: cookieHeader };
  req.method = 'GET';
  req.url = '/';
  return req;
}

async function findInteraction(uid: string, cookieHeader: string) {
  const provider = await getProvider();
  const req = cookieRequest(cookieHeader);
  const { res } = collectingResponse(req);
  try {
    const interaction = await provider.interactionDetails(req, res);
    // The cookie names the interaction; the URL must name the same one, or it is someone else's link.
    if (interaction.uid !== uid) return null;
    return { provider, req, res, interaction };
  } catch {
    return null; // expired, already finished, or no cookie: the app has to start again
  }
}

function requestedScopes(interaction: Interaction): OidcScope[] {
  const missing = new Set(interaction.prompt.details.missingOIDCScope ?? String(interaction.params.scope ?? '').split(' '));
  return OIDC_SCOPES.filter((s) => missing.has(s));
}

async function clientName(clientId: unknown) {
  const client = typeof clientId === 'string' ? await db.oidcClient.findUnique({ where: { clientId }, select: { name: true } }) : null;
  return client?.name ?? 'An app';
}

/**
 * prompt=login asks for a sign-in made for this request, max_age for one no older than that many
 * seconds (OIDC Core §3.1.2.1). An older Gatehouse sign-in is confirmed again rather than reused.
 */
async function needsFreshSignIn(interaction: Interaction, authenticatedAt: string) {
  const { reasons } = interaction.prompt;
  // Plain single sign-on (most logins) asks for neither, and needs no look-up.
  if (!reasons.includes('login_prompt') && !reasons.includes('max_age')) return false;
  const signedInAt = new Date(authenticatedAt).getTime();
  // A sign-in made after the request satisfies both, whatever the clock says by the time the page
  // reloads (max_age=0 included). The provider keeps the request time in whole seconds, which
  // cannot tell a sign-in just before the request from one just after; the row's own time can.
  const requestedAt = (await interactionStartedAt(interaction.uid))?.getTime() ?? interaction.iat * 1000;
  if (signedInAt > requestedAt) return false;
  if (reasons.includes('login_prompt')) return true;
  const maxAge = Number(interaction.params.max_age);
  return reasons.includes('max_age') && Number.isFinite(maxAge) && Date.now() - signedInAt > maxAge * 1000;
}

/**
 * An id_token_hint the app sent names the person it expects (the provider has already checked
 * its signature); if that is not who is signed in here, the app must not get this person instead.
 */
function hintNamesSomeoneElse(interaction: Interaction, userId: string) {
  const hint = interaction.params.id_token_hint;
  if (typeof hint !== 'string') return false;
  try {
    const payload = JSON.parse(Buffer.from(hint.split('.')[1] ?? '', 'base64url').toString()) as { sub?: unknown };
    return payload.sub !== userId;
  } catch {
    return true;
  }
}

/**
 * What the interaction page should do now. A signed-in person passes the login step without
 * typing anything (single sign-on); an anonymous one is sent to sign in and comes back here.
 */
export async function resumeInteraction(input: { uid: string; cookieHeader: string; user: InteractionUser | null }): Promise<InteractionStep> {
  const found = await findInteraction(input.uid, input.cookieHeader);
  if (!found) {
    const app = await liveInteractionApp(input.uid);
    return app ? { kind: 'elsewhere', ...app } : { kind: 'expired' };
  }
  const { provider, req, res, interaction } = found;
  if (!input.user) return { kind: 'sign_in' };
  // Single sign-on must not hand an app someone who has not accepted the current terms: the
  // sign-in pages ask at sign-in, but a session from before a new version skips them.
  if (await mustAcceptDocuments(input.user.userId)) return { kind: 'accept_terms' };

  if (interaction.prompt.name === 'login') {
    // The app wants someone else (id_token_hint naming another account), or asks again after this
    // person was already given (an assurance Gatehouse does not offer, such as an essential acr):
    // answering with this person would be wrong or loop, so the app hears login_required (OIDC Core §3.1.2.1).
    if (interaction.lastSubmission?.login || hintNamesSomeoneElse(interaction, input.user.userId)) {
      const to = await provider.interactionResult(
        req,
        res,
        { error: 'login_required', error_description: 'The signed-in person is not the one the app asked for.' },
        { mergeWithLastSubmission: false },
      );
      return { kind: 'redirect', to };
    }
    if (await needsFreshSignIn(interaction, input.user.authenticatedAt)) return { kind: 'confirm_identity' };
    const to = await provider.interactionResult(req, res, {
      login: {
        accountId: input.user.userId,
        amr: input.user.authMethods,
        ts: Math.floor(new Date(input.user.authenticatedAt).getTime() / 1000),
      },
    });
    return { kind: 'redirect', to };
  }
  // Consent belongs to the person the provider signed in; a different Gatehouse user must start over.
  if (interaction.session?.accountId !== input.user.userId) return { kind: 'sign_in' };
  return { kind: 'consent', clientName: await clientName(interaction.params.client_id), scopes: requestedScopes(interaction) };
}

/**
 * A request that is still live but whose cookie this request did not carry: a server action's
 * redirect (Next.js renders the target with the action's own cookies, and the interaction cookie is
 * scoped to /authorize/<uid>), or another browser, such as a phone's mail app opening a confirmation
 * link. Says which app it came from, so the page can send the person back there.
 */
async function liveInteractionApp(uid: string): Promise<{ clientName: string; appUrl: string | null } | null> {
  const row = await db.oidcPayload.findUnique({ where: { id: `Interaction:${uid}` }, select: { payload: true, expiresAt: true } });
  if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
  const params = (JSON.parse(row.payload) as { params?: { client_id?: unknown; redirect_uri?: unknown } }).params ?? {};
  let appUrl: string | null = null;
  // The provider checked redirect_uri against the client's registration before this row was made.
  if (typeof params.redirect_uri === 'string') {
    try {
      appUrl = `${new URL(params.redirect_uri).origin}/`;
    } catch {
      appUrl = null;
    }
  }
  return { clientName: await clientName(params.client_id), appUrl };
}

/** Records the person's answer on the consent page and returns where the browser goes next. */
export async function decideConsent(input: {
  uid: string;
  cookieHeader: string;
  user: InteractionUser;
  decision: 'allow' | 'deny';
  context?: RequestContext;
}): Promise<{ ok: true; to: string } | { ok: false; code: 'expired' | 'wrong_user' | 'accept_terms' }> {
  const found = await findInteraction(input.uid, input.cookieHeader);
  if (!found) return { ok: false, code: 'expired' };
  if (await mustAcceptDocuments(input.user.userId)) return { ok: false, code: 'accept_terms' };
  const { provider, req, res, interaction } = found;
  const accountId = interaction.session?.accountId;
  const clientId = String(interaction.params.client_id ?? '');
  if (interaction.prompt.name !== 'consent' || accountId !== input.user.userId) return { ok: false, code: 'wrong_user' };
  const audit = {
    actor: { type: 'user' as const, id: accountId },
    target: { type: 'oidc_client', id: clientId },
    sessionId: input.user.sessionId ?? null,
    context: input.context,
  };

  if (input.decision === 'deny') {
    await recordAudit(db, { ...audit, action: 'oidc.consent_denied', metadata: { client: await clientName(clientId) } });
    const to = await provider.interactionResult(
      req,
      res,
      { error: 'access_denied', error_description: 'The person declined to share their details.' },
      { mergeWithLastSubmission: false },
    );
    return { ok: true, to };
  }

  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = interaction.prompt.details;
  if (missingOIDCScope?.length) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims?.length) grant.addOIDCClaims(missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
  const name = await clientName(clientId);
  const grantId = await db.$transaction((tx) =>
    withProviderTransaction(tx, async () => {
      const id = await grant.save();
      await recordAudit(tx, { ...audit, action: 'oidc.consent_granted', metadata: { client: name, scope: grant.getOIDCScope() } });
      return id;
    }),
  );
  const to = await provider.interactionResult(req, res, { consent: { grantId } });
  return { ok: true, to };
}
