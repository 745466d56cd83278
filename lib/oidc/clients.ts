import 'server-only';
import { randomBytes } from 'node:crypto';
import { db, type DbOrTx } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { constantTimeEqual, generateToken, hashToken, hashTokenUnderEveryKey } from '@/lib/crypto/tokens';
import { auditedAs, systemActor, type StaffActor, type SystemActor } from '@/lib/audit/actor';
import { registerClientSchema, type RegisterClientInput } from '@/lib/validation/oidc';
import { MANAGEMENT_API_SCOPE_NAMES, permissionsForScopes, type ManagementApiScope } from '@/lib/validation/management-api';
import { permissionsHeld, permissionsMissing } from '@/lib/rbac/hierarchy';
import type { z } from 'zod';

// Client secrets are stored only as keyed hashes (RFC 6819 §5.1.4.1.3). The provider is given the
// hash as the client's "secret" and compares by hashing what the client presents (see provider.ts);
// the price is no HMAC-signed tokens or client_secret_jwt, which Gatehouse does not offer.

const SECRET_PURPOSE = 'oidc-client-secret';

export function hashClientSecret(secret: string) {
  return hashToken(secret, SECRET_PURPOSE);
}

/** A secret set before AUTH_SECRET was rotated is hashed under a previous secret, and still matches. */
export function clientSecretMatches(presented: string, storedHash: string) {
  return hashTokenUnderEveryKey(presented, SECRET_PURPOSE).some((hash) => constantTimeEqual(hash, storedHash));
}

const words = (value: string) => value.split(' ').filter(Boolean);

/** The client's registration in oidc-provider's terms, or undefined for an unknown or disabled client. */
export async function clientMetadataFor(clientId: string) {
  const row = await db.oidcClient.findUnique({ where: { clientId } });
  if (!row || row.disabledAt) return undefined;
  const grantTypes = words(row.grantTypes);
  const confidential = row.type === 'confidential';
  return {
    client_id: row.clientId,
    client_name: row.name,
    ...(confidential && row.secretHash ? { client_secret: row.secretHash } : {}),
    token_endpoint_auth_method: confidential ? 'client_secret_basic' : 'none',
    application_type: 'web',
    redirect_uris: words(row.redirectUris),
    post_logout_redirect_uris: words(row.postLogoutRedirectUris),
    grant_types: grantTypes,
    response_types: grantTypes.includes('authorization_code') ? ['code'] : [],
    scope: row.scopes,
    first_party: row.firstParty,
  };
}

/** The columns a registration's settings are stored in, shared by registering and editing. */
export function clientSettingsColumns(c: z.output<typeof registerClientSchema>) {
  return {
    name: c.name,
    redirectUris: c.redirectUris.join(' '),
    postLogoutRedirectUris: c.postLogoutRedirectUris.join(' '),
    grantTypes: [...new Set(c.grantTypes)].join(' '),
    // openid is what makes a sign-in an OpenID Connect one; a client that signs people in always has it.
    scopes: [...new Set(c.grantTypes.includes('authorization_code') ? ['openid', ...c.scopes] : c.scopes)].join(' '),
    firstParty: c.firstParty,
  };
}

/** Who registers and changes apps: staff in the console, or the operator's command line (the system). */
export type AppManager = StaffActor | SystemActor;

/**
 * Why this staff member may not give (or hold the secret of) a client with these scopes: a
 * management API scope is worth the console permissions it matches (SCOPE_PERMISSIONS), and
 * clients:manage alone must not mint a token stronger than the person holding it. The operator's
 * CLI (system) is not limited. Null when allowed.
 */
export async function scopesBeyondActor(tx: DbOrTx, actor: AppManager, scopes: Iterable<string>) {
  if (actor.type === 'system') return null;
  const needed = permissionsForScopes(scopes);
  if (needed.length === 0) return null;
  const missing = permissionsMissing(await permissionsHeld(tx, actor.id), needed);
  if (missing.length === 0) return null;
  return `These management API scopes need console permissions you do not hold (${missing.join(', ')}). Choose only scopes within your own permissions, or ask someone who holds them.`;
}

/** The management API scopes a staff member may give an app: those whose console permissions they hold (SCOPE_PERMISSIONS). */
export async function grantableScopes(staffId: string): Promise<ManagementApiScope[]> {
  const held = await permissionsHeld(db, staffId);
  return MANAGEMENT_API_SCOPE_NAMES.filter((scope) => permissionsMissing(held, permissionsForScopes([scope])).length === 0);
}

/**
 * Registers a relying party. The secret of a confidential client is returned here, once,
 * and never again: only its hash is kept.
 */
export async function registerClient(input: RegisterClientInput, actor: AppManager = systemActor()) {
  const parsed = registerClientSchema.safeParse(input);
  if (!parsed.success) return { ok: false as const, code: 'invalid', error: parsed.error.issues.map((i) => i.message).join(' ') };
  const c = parsed.data;
  const clientId = randomBytes(16).toString('base64url');
  const secret = c.type === 'confidential' ? generateToken() : null;
  return db.$transaction(async (tx) => {
    const beyond = await scopesBeyondActor(tx, actor, c.scopes);
    if (beyond) return { ok: false as const, code: 'scopes_beyond_own', error: beyond };
    const row = await tx.oidcClient.create({
      data: {
        clientId,
        type: c.type,
        secretHash: secret ? hashClientSecret(secret) : null,
        ...clientSettingsColumns(c),
      },
    });
    await recordAudit(tx, {
      action: 'oidc.client_registered',
      ...auditedAs(actor),
      target: { type: 'oidc_client', id: row.clientId },
      metadata: { client: row.name, type: row.type, firstParty: row.firstParty },
    });
    return { ok: true as const, clientId, clientSecret: secret, client: row };
  });
}
