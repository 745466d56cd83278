import 'server-only';
import { db, type Tx } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { generateToken } from '@/lib/crypto/tokens';
import { registerClientSchema, type OidcScope, type RegisterClientInput } from '@/lib/validation/oidc';
import { clientSettingsColumns, hashClientSecret, scopesBeyondActor, type AppManager } from './clients';
import { auditedAs } from '@/lib/audit/actor';
import { revokeClientCredentialsOf } from './token-revocation';

// The admin console's side of client registration: list, edit, rotate, disable, delete.
// Registering itself is registerClient in clients.ts, shared with the operator's CLI.

export type ClientFailure = { ok: false; code: 'not_found' | 'invalid' | 'type_changed' | 'scopes_beyond_own'; error: string };

const NOT_FOUND: ClientFailure = { ok: false, code: 'not_found', error: 'This app no longer exists.' };

const words = (value: string) => value.split(' ').filter(Boolean);

function view(row: {
  clientId: string;
  name: string;
  type: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  grantTypes: string;
  scopes: string;
  firstParty: boolean;
  createdAt: Date;
  updatedAt: Date;
  disabledAt: Date | null;
}) {
  return {
    clientId: row.clientId,
    name: row.name,
    type: row.type as 'confidential' | 'public',
    redirectUris: words(row.redirectUris),
    postLogoutRedirectUris: words(row.postLogoutRedirectUris),
    grantTypes: words(row.grantTypes) as RegisterClientInput['grantTypes'],
    scopes: words(row.scopes) as OidcScope[],
    firstParty: row.firstParty,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    disabledAt: row.disabledAt,
  };
}
export type ClientView = ReturnType<typeof view>;

export async function listClients() {
  const rows = await db.oidcClient.findMany({ orderBy: [{ name: 'asc' }, { createdAt: 'asc' }], take: 500 });
  return rows.map(view);
}

export async function findClient(clientId: string) {
  const row = await db.oidcClient.findUnique({ where: { clientId } });
  return row ? view(row) : null;
}


/** Replaces a client's settings. Its type is fixed: a public app has no secret to keep, a confidential one must keep its own. */
export async function updateClient(clientId: string, input: RegisterClientInput, actor: AppManager) {
  const parsed = registerClientSchema.safeParse(input);
  if (!parsed.success) return { ok: false as const, code: 'invalid' as const, error: parsed.error.issues.map((i) => i.message).join(' ') };
  return db.$transaction(async (tx) => {
    const row = await tx.oidcClient.findUnique({ where: { clientId } });
    if (!row) return NOT_FOUND;
    if (row.type !== parsed.data.type) {
      return { ok: false as const, code: 'type_changed' as const, error: 'An app’s type cannot change: register a new app instead.' };
    }
    // Both what the client holds and what it is to hold: an edit must neither raise it above the
    // editor nor let the editor reshape a client stronger than they are.
    const beyond = await scopesBeyondActor(tx, actor, [...words(row.scopes), ...parsed.data.scopes]);
    if (beyond) return { ok: false as const, code: 'scopes_beyond_own' as const, error: beyond };
    const updated = await tx.oidcClient.update({ where: { clientId }, data: clientSettingsColumns(parsed.data) });
    // A token keeps the scopes it was issued with: when the app's change, its own tokens go.
    if (updated.scopes !== row.scopes || updated.grantTypes !== row.grantTypes) await revokeClientCredentialsOf(tx, clientId);
    await recordAudit(tx, {
      action: 'oidc.client_updated',
      ...auditedAs(actor),
      target: { type: 'oidc_client', id: clientId },
      metadata: { client: updated.name, grantTypes: updated.grantTypes, scopes: updated.scopes, firstParty: updated.firstParty },
    });
    return { ok: true as const, client: view(updated) };
  });
}

/**
 * Gives a confidential client a new secret, returned here once; the old one stops working at
 * once (the provider looks the client up on every request, so there is nothing to flush).
 */
export async function rotateClientSecret(clientId: string, actor: AppManager) {
  const secret = generateToken();
  return db.$transaction(async (tx) => {
    const row = await tx.oidcClient.findUnique({ where: { clientId } });
    if (!row) return NOT_FOUND;
    if (row.type !== 'confidential') return { ok: false as const, code: 'invalid' as const, error: 'A public app has no secret to rotate.' };
    // The new secret is the client's power in the hands of whoever rotates it.
    const beyond = await scopesBeyondActor(tx, actor, words(row.scopes));
    if (beyond) return { ok: false as const, code: 'scopes_beyond_own' as const, error: beyond };
    await tx.oidcClient.update({ where: { clientId }, data: { secretHash: hashClientSecret(secret) } });
    // A rotation is how a leaked secret is dealt with: tokens got with it go too.
    await revokeClientCredentialsOf(tx, clientId);
    await recordAudit(tx, { action: 'oidc.client_secret_rotated', ...auditedAs(actor), target: { type: 'oidc_client', id: clientId }, metadata: { client: row.name } });
    return { ok: true as const, clientSecret: secret };
  });
}

/** A disabled client is unknown to the provider: no sign-ins, no tokens, its tokens no longer introspect. */
export async function setClientDisabled(clientId: string, disabled: boolean, actor: AppManager) {
  return db.$transaction(async (tx) => {
    const row = await tx.oidcClient.findUnique({ where: { clientId } });
    if (!row) return NOT_FOUND;
    await tx.oidcClient.update({ where: { clientId }, data: { disabledAt: disabled ? (row.disabledAt ?? new Date()) : null } });
    if (disabled) await revokeClientCredentialsOf(tx, clientId);
    await recordAudit(tx, { action: 'oidc.client_updated', ...auditedAs(actor), target: { type: 'oidc_client', id: clientId }, metadata: { client: row.name, disabled } });
    return { ok: true as const };
  });
}

/** Deletes the grants people gave the client (or one person's, given accountId) and every token issued under them. */
export async function deleteGrantsOf(tx: Tx, where: { clientId: string; accountId?: string }) {
  const grants = await tx.oidcPayload.findMany({ where: { type: 'Grant', ...where }, select: { id: true } });
  const grantIds = grants.map((g) => g.id.slice('Grant:'.length));
  if (grantIds.length === 0) return { grants: 0, tokens: 0 };
  const tokens = await tx.oidcPayload.deleteMany({ where: { grantId: { in: grantIds }, type: { not: 'Grant' } } });
  await tx.oidcPayload.deleteMany({ where: { id: { in: grants.map((g) => g.id) } } });
  return { grants: grantIds.length, tokens: tokens.count };
}

export async function deleteClient(clientId: string, actor: AppManager) {
  return db.$transaction(async (tx) => {
    const row = await tx.oidcClient.findUnique({ where: { clientId } });
    if (!row) return NOT_FOUND;
    const removed = await deleteGrantsOf(tx, { clientId });
    await tx.oidcClient.delete({ where: { clientId } });
    await recordAudit(tx, {
      action: 'oidc.client_deleted',
      ...auditedAs(actor),
      target: { type: 'oidc_client', id: clientId },
      metadata: { client: row.name, grants: removed.grants, tokens: removed.tokens },
    });
    return { ok: true as const };
  });
}
