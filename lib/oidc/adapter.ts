import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac } from 'node:crypto';
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import { currentKey } from '@/lib/crypto/keyring';
import { db, type DbOrTx, type Tx } from '@/lib/db/client';
import { clientMetadataFor } from './clients';

// oidc-provider keeps all of its state (sessions, grants, interactions, codes, tokens)
// behind this adapter; storing it in the database is what lets any app instance
// continue a flow another one started. Payloads are JSON text: the schema has no Json type.

/** The models that belong to a grant and go when it is revoked (as in the library's memory adapter). */
export const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/**
 * The models whose id is a credential: whoever holds the value of a token, code or session id
 * can use it, so the row is stored under a keyed hash of it and a leaked row is no usable token
 * (ASVS 3.5.2 / RFC 9700 §4.14: tokens at rest). Not hashed, because the id is no credential:
 * a Grant's id is never accepted from outside (the provider finds grants only through a token or
 * a session that names them), and an Interaction's id is in the /authorize/<uid> URL anyway and
 * is only resumed with the provider's signed cookie; both are also looked up by other code here.
 * ReplayDetection ids are hashes of what they guard against already.
 */
const PLAIN_IDS = new Set(['Grant', 'Interaction', 'ReplayDetection']);

/**
 * A key of its own, derived from AUTH_SECRET, so these hashes are no oracle for any other use of
 * the secret. The current secret's only: after a rotation the provider's codes, tokens and
 * sessions are no longer found, and apps sign their people in again (grants are kept).
 */
function storedIdKey() {
  return currentKey('gatehouse:oidc-stored-ids:v1').key;
}

/** The row id a model's id is stored under: "<model>:<id>", the id hashed when it is a credential. */
export function storedId(model: string, id: string) {
  if (PLAIN_IDS.has(model)) return `${model}:${id}`;
  return `${model}:${createHmac('sha256', storedIdKey()).update(`${model}:${id}`).digest('base64url')}`;
}

/**
 * The payload as stored: without the raw value it is stored under (the provider puts it in
 * as jti), and an interaction without the session id the provider copies into it ("cookie",
 * which the provider itself never reads back).
 */
function storedPayload(model: string, payload: AdapterPayload): AdapterPayload {
  const stored: AdapterPayload = { ...payload };
  if (!PLAIN_IDS.has(model)) delete stored.jti;
  if (model === 'Interaction' && stored.session && typeof stored.session === 'object') {
    const session = { ...(stored.session as Record<string, unknown>) };
    delete session.cookie;
    stored.session = session as AdapterPayload['session'];
  }
  return stored;
}

const epoch = () => Math.floor(Date.now() / 1000);

const ambient = new AsyncLocalStorage<Tx>();

/**
 * Runs `fn` with the provider's writes going through `tx`. The provider saves a grant itself,
 * through this adapter; this is how that save and its audit event commit together or not at all.
 */
export function withProviderTransaction<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  return ambient.run(tx, fn);
}

const store = () => ambient.getStore() ?? db;

function accountIdOf(model: string, payload: AdapterPayload): string | null {
  if (model === 'Grant' || model === 'Session') return payload.accountId ?? null;
  if (model === 'Interaction') return (payload.session as { accountId?: string } | undefined)?.accountId ?? null;
  return null;
}

class PrismaPayloadAdapter implements Adapter {
  constructor(private readonly model: string) {}

  private key(id: string) {
    return storedId(this.model, id);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number) {
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    const data = {
      type: this.model,
      payload: JSON.stringify(storedPayload(this.model, payload)),
      grantId: payload.grantId ?? null,
      userCode: payload.userCode ?? null,
      uid: payload.uid ?? null,
      // The rows that name the person, so erasure (and legal hold) find every row about them: grants
      // and sessions directly, an interaction through the browser session it belongs to.
      accountId: accountIdOf(this.model, payload),
      // Grants, so consent is found per app; client-credentials tokens, so an app's own tokens
      // can be revoked when its secret, scopes or standing change.
      clientId: this.model === 'Grant' || this.model === 'ClientCredentials' ? (payload.clientId ?? null) : null,
      expiresAt,
    };
    await store().oidcPayload.upsert({ where: { id: this.key(id) }, create: { id: this.key(id), ...data }, update: data });
  }

  async find(id: string) {
    const payload = this.read(await store().oidcPayload.findUnique({ where: { id: this.key(id) } }));
    // The value presented is the id; the provider expects it back as jti.
    return payload && { ...payload, jti: id };
  }

  async findByUid(uid: string) {
    return this.read(await store().oidcPayload.findFirst({ where: { type: this.model, uid } }));
  }

  async findByUserCode(userCode: string) {
    return this.read(await store().oidcPayload.findFirst({ where: { type: this.model, userCode } }));
  }

  /**
   * Marks a code or refresh token used, once. The provider checks `consumed` on the copy it
   * read, so two parallel redemptions would both pass that check: the update is conditional,
   * and the one that finds the row already consumed is refused (RFC 6749 §4.1.2, RFC 9700 §4.14.2).
   */
  async consume(id: string) {
    const row = await store().oidcPayload.findUnique({ where: { id: this.key(id) } });
    if (!row) throw new errors.InvalidGrant('grant not found');
    const payload = { ...(JSON.parse(row.payload) as AdapterPayload), consumed: epoch() };
    const { count } = await store().oidcPayload.updateMany({
      where: { id: row.id, consumedAt: null },
      data: { payload: JSON.stringify(payload), consumedAt: new Date() },
    });
    if (count !== 1) throw new errors.InvalidGrant('grant already used');
  }

  async destroy(id: string) {
    await store().oidcPayload.deleteMany({ where: { id: this.key(id) } });
  }

  async revokeByGrantId(grantId: string) {
    await store().oidcPayload.deleteMany({ where: { grantId, type: { in: [...GRANTABLE] } } });
  }

  private read(row: { payload: string; expiresAt: Date | null } | null): AdapterPayload | undefined {
    if (!row) return undefined;
    // Expired rows are gone as far as the provider is concerned; a retention job may delete them later.
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return undefined;
    return JSON.parse(row.payload) as AdapterPayload;
  }
}

/** When an interaction (one authorization request's login or consent step) was first stored, to the millisecond. */
export async function interactionStartedAt(uid: string) {
  const row = await db.oidcPayload.findUnique({ where: { id: `Interaction:${uid}` }, select: { createdAt: true } });
  return row?.createdAt ?? null;
}

/** The newest live grant a person gave an app, whichever browser session it was given in. */
export async function latestGrantId(accountId: string, clientId: string) {
  const row = await db.oidcPayload.findFirst({
    where: { type: 'Grant', accountId, clientId, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    orderBy: { createdAt: 'desc' },
    select: { id: true },
  });
  return row ? row.id.slice('Grant:'.length) : undefined;
}

/**
 * The ids of the grants these people gave. Tokens and codes name only their grant, so this is
 * how erasure and retention find every row about a person, not just the grants and sessions.
 */
export async function grantIdsOf(client: DbOrTx, accountIds: string[]) {
  const grants = await client.oidcPayload.findMany({ where: { type: 'Grant', accountId: { in: accountIds } }, select: { id: true } });
  return grants.map((g) => g.id.slice('Grant:'.length));
}

/** Clients live in their own table, managed by Gatehouse rather than written by the provider. */
class ClientAdapter implements Adapter {
  async find(id: string) {
    return clientMetadataFor(id);
  }
  async upsert() {
    throw new Error('Clients are registered through lib/oidc/clients.ts');
  }
  async findByUid() {
    return undefined;
  }
  async findByUserCode() {
    return undefined;
  }
  async consume() {}
  async destroy() {}
  async revokeByGrantId() {}
}

/** The adapter factory oidc-provider calls once per model name. */
export function adapterFor(model: string): Adapter {
  return model === 'Client' ? new ClientAdapter() : new PrismaPayloadAdapter(model);
}
