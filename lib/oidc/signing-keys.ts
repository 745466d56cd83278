import 'server-only';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { db, type Tx } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { decryptSecret, encryptSecret } from '@/lib/crypto/encryption';
import { auditedAs, systemActor, type StaffActor, type SystemActor } from '@/lib/audit/actor';

// ID tokens are signed with RS256, the one algorithm every OpenID Connect relying party must
// support (OIDC Core §15.1). The private half is encrypted at rest; the newest unretired key signs.

const ALG = 'RS256';
/** The associated-data purpose of a stored private key; its owner is the key's kid (the row's id). */
export const SIGNING_KEY_PURPOSE = 'oidc-signing-key';
/**
 * A retired key stays published this long, so tokens it signed (ID tokens live an hour,
 * relying parties cache the JWKS) keep verifying while everyone moves to the new key.
 */
export const RETIRED_KEY_PUBLISHED_DAYS = 7;

type PrivateJwk = Record<string, unknown> & { kid: string };

function newKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(12).toString('base64url');
  const common = { kid, alg: ALG, use: 'sig' };
  return {
    kid,
    alg: ALG,
    publicJwk: JSON.stringify({ ...publicKey.export({ format: 'jwk' }), ...common }),
    // Bound to its kid: a private key copied onto another key's row does not decrypt there.
    privateJwkEncrypted: encryptSecret(JSON.stringify({ ...privateKey.export({ format: 'jwk' }), ...common }), SIGNING_KEY_PURPOSE, kid),
  };
}

/** Generates the first signing key on first start; does nothing once one exists. */
export async function ensureSigningKey() {
  const active = await db.oidcSigningKey.findFirst({ where: { retiredAt: null }, select: { kid: true } });
  if (!active) await db.oidcSigningKey.create({ data: newKey() });
}

type KeyActor = StaffActor | SystemActor;

async function retireAndReplace(tx: Tx, key: ReturnType<typeof newKey>, actor: KeyActor) {
  const retired = await tx.oidcSigningKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: new Date() } });
  await tx.oidcSigningKey.create({ data: key });
  await recordAudit(tx, {
    action: 'oidc.signing_key_rotated',
    ...auditedAs(actor),
    target: { type: 'oidc_signing_key', id: key.kid },
    metadata: { retired: retired.count },
  });
}

/**
 * Starts signing with a new key. The previous one is retired but stays in the JWKS for
 * RETIRED_KEY_PUBLISHED_DAYS, so tokens already issued still verify.
 */
export async function rotateSigningKeys(actor: KeyActor = systemActor()) {
  const key = newKey();
  await db.$transaction((tx) => retireAndReplace(tx, key, actor));
  return { kid: key.kid };
}

/**
 * Rotates only if `replacing` is still the key that signs: two administrators pressing the
 * button together (or one pressing it twice) retire one key, not two in a row.
 */
export async function rotateSigningKeysReplacing(replacing: string, actor: KeyActor) {
  const key = newKey();
  return db.$transaction(async (tx) => {
    const active = await tx.oidcSigningKey.findMany({ where: { retiredAt: null }, select: { kid: true } });
    if (active.length !== 1 || active[0]!.kid !== replacing) {
      return { ok: false as const, code: 'stale' as const };
    }
    await retireAndReplace(tx, key, actor);
    return { ok: true as const, kid: key.kid };
  });
}

/** The key that signs now, if exactly one does. */
export async function currentSigningKid() {
  const active = await db.oidcSigningKey.findMany({ where: { retiredAt: null }, select: { kid: true }, take: 2 });
  return active.length === 1 ? active[0]!.kid : null;
}

/** Every key, newest first, and whether relying parties can still find it in the JWKS. */
export async function listSigningKeys() {
  const since = new Date(Date.now() - RETIRED_KEY_PUBLISHED_DAYS * 24 * 3600 * 1000);
  const rows = await db.oidcSigningKey.findMany({ select: { kid: true, alg: true, createdAt: true, retiredAt: true }, orderBy: { createdAt: 'desc' }, take: 50 });
  return rows.map((r) => ({ ...r, published: !r.retiredAt || r.retiredAt > since }));
}

async function publishedKeys() {
  const since = new Date(Date.now() - RETIRED_KEY_PUBLISHED_DAYS * 24 * 3600 * 1000);
  const rows = await db.oidcSigningKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: since } }] },
    orderBy: { createdAt: 'desc' },
  });
  // Unretired first: the provider signs with the first key of the algorithm.
  return [...rows.filter((r) => !r.retiredAt), ...rows.filter((r) => r.retiredAt)];
}

/** A fingerprint of the published key set, to notice a rotation made by another instance. */
export async function signingKeySetVersion() {
  return (await publishedKeys()).map((k) => k.kid).join(',');
}

/** The private JWKS the provider signs with and publishes the public halves of. */
export async function signingJwks(): Promise<{ version: string; keys: PrivateJwk[] }> {
  const rows = await publishedKeys();
  return {
    version: rows.map((k) => k.kid).join(','),
    keys: rows.map((r) => JSON.parse(decryptSecret(r.privateJwkEncrypted, SIGNING_KEY_PURPOSE, r.kid)) as PrivateJwk),
  };
}
