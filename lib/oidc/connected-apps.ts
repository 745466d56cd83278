import 'server-only';
import { db } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { OIDC_SCOPES, type OidcScope } from '@/lib/validation/oidc';
import { deleteGrantsOf } from './client-administration';
import type { UserActor } from '@/lib/audit/actor';

// The apps a person let use their account (their grants at the OpenID Provider), as the
// account area lists them, and taking that access back.

type GrantPayload = { openid?: { scope?: string } };

function scopesOf(payload: string): OidcScope[] {
  try {
    const scope = (JSON.parse(payload) as GrantPayload).openid?.scope ?? '';
    return scope.split(' ').filter((s): s is OidcScope => (OIDC_SCOPES as readonly string[]).includes(s));
  } catch {
    // A payload the provider wrote is JSON; if one is not, the app still shows, with no scopes named.
    return [];
  }
}

export type ConnectedApp = { clientId: string; name: string; scopes: OidcScope[]; grantedAt: Date };

/** One entry per app, with every scope granted to it and when access was last given. */
export async function connectedApps(userId: string): Promise<ConnectedApp[]> {
  const grants = await db.oidcPayload.findMany({
    where: { type: 'Grant', accountId: userId, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    select: { clientId: true, payload: true, createdAt: true },
    orderBy: { createdAt: 'asc' },
    take: 500,
  });
  const clientIds = [...new Set(grants.map((g) => g.clientId).filter((id): id is string => Boolean(id)))];
  const clients = await db.oidcClient.findMany({ where: { clientId: { in: clientIds } }, select: { clientId: true, name: true } });
  const names = new Map(clients.map((c) => [c.clientId, c.name]));
  const apps = new Map<string, ConnectedApp>();
  for (const grant of grants) {
    const name = grant.clientId ? names.get(grant.clientId) : undefined;
    if (!grant.clientId || !name) continue;
    const app = apps.get(grant.clientId) ?? { clientId: grant.clientId, name, scopes: [], grantedAt: grant.createdAt };
    app.scopes = OIDC_SCOPES.filter((s) => app.scopes.includes(s) || scopesOf(grant.payload).includes(s));
    app.grantedAt = grant.createdAt > app.grantedAt ? grant.createdAt : app.grantedAt;
    apps.set(grant.clientId, app);
  }
  return [...apps.values()].sort((a, b) => b.grantedAt.getTime() - a.grantedAt.getTime());
}

/**
 * Takes back an app's access: the person's grants to it and every token issued under them go,
 * so its refresh tokens stop working and the next sign-in asks for consent again.
 */
export async function removeConnectedApp(clientId: string, by: UserActor) {
  return db.$transaction(async (tx) => {
    const client = await tx.oidcClient.findUnique({ where: { clientId }, select: { name: true } });
    const removed = await deleteGrantsOf(tx, { clientId, accountId: by.id });
    if (!client || removed.grants === 0) return { ok: false as const, code: 'not_found' as const, error: 'That app no longer has access to your account.' };
    // The person's own event, not the app's: it shows in their activity, which reads events targeting them.
    await recordUserEvent(tx, 'oidc.consent_revoked', {
      userId: by.id,
      sessionId: by.sessionId,
      metadata: { client: client.name, clientId, grants: removed.grants, tokens: removed.tokens },
      context: by.context,
    });
    return { ok: true as const, name: client.name };
  });
}
