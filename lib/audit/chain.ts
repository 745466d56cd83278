import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { currentKey, everyKey, keyWithId } from '@/lib/crypto/keyring';
import { db, databaseDialect, type Db, type DbOrTx, type Tx } from '@/lib/db/client';

type AuditRow = Awaited<ReturnType<Db['auditEvent']['findFirstOrThrow']>>;

/**
 * Tamper evidence for the audit log (ASVS 5.0 V16.4.2: logs protected from modification).
 *
 * Every event carries hash = HMAC-SHA-256(key, canonical fields + prevHash) and a sequence number
 * one past the previous event's, so editing a row, deleting one or inserting one out of order breaks
 * a link that verifyAuditChain() reports. The key comes from AUTH_SECRET through HKDF (RFC 5869) with
 * its own info string, so it lives outside the database: someone who can only write to the database
 * cannot recompute a valid chain after editing a row. Each event records which key sealed it
 * (keyVersion, the key's id), so after AUTH_SECRET is rotated old events still verify under the key
 * from AUTH_SECRET_PREVIOUS, and a rotation without it is reported as such.
 * Version null is the unkeyed SHA-256 of events written before keying; the verifier accepts those only
 * as a prefix of the chain, before the first keyed event, so a row cannot be downgraded to the unkeyed
 * hash either.
 *
 * Erasure (lib/users/erasure.ts) legitimately re-points actorId/targetId to a tombstone, nulls the IP and
 * user agent and clears personalText (free text that can name a person: passkey names, staff reasons,
 * notes, filters). So the chain does not hash those fields directly: it hashes personalDigest, a salted
 * SHA-256 of them kept in its own column. The verifier checks the digest against the fields; a mismatch
 * is accepted only on a row that a chained `user.erased` event names in its metadata (`redacted`, the
 * sequences it changed), and only if the row looks erased. Linking a digest back to a person needs the
 * erased user's former id and the text, which erasure removes.
 *
 * Events written before the chain existed (sequence null) are outside it: the verifier counts them as
 * `unchained` and starts at the first chained event.
 *
 * Removing the newest events leaves a shorter chain that is valid on its own. So the newest head (its
 * sequence, id and hash) is anchored outside the database: as a structured line in the server log at
 * intervals (lib/audit/anchor-scheduler.ts) and in every export file. Given such an anchor, the verifier
 * requires the chain to still reach that event, unchanged.
 *
 * Retention (lib/retention/audit-events.ts) deletes an oldest prefix of the chain. Before it deletes,
 * it appends an `audit.pruned` event naming the last sequence it removes and that event's hash: the
 * prune anchor. The verifier starts after the newest one, so the chain must continue exactly from the
 * anchored hash; any other deletion or edit, and any prefix removed without an anchor, still breaks it.
 */

/** Any constant, shared by every writer: serialises appends on PostgreSQL so the chain cannot fork. */
const CHAIN_LOCK = 0x6761_7465;

const CHAIN_KEY_INFO = 'gatehouse:audit-chain:v1';

/**
 * keyVersion 1: sealed before events named their secret generation. Every such event was sealed
 * under the AUTH_SECRET of its time, which is not recorded, so each configured secret is tried.
 */
const UNNAMED_KEY_VERSION = 1;

/**
 * The key version new events are sealed with: the id of the chain key derived from the current
 * AUTH_SECRET (lib/crypto/keyring.ts), a 31-bit number of at least 2. So after a rotation, events
 * name the generation that sealed them, and the verifier takes that generation's key from
 * AUTH_SECRET_PREVIOUS. (A sequential number could not say which secret it meant once a secret
 * is dropped from the list.)
 */
export function currentChainKeyVersion(): number {
  return currentKey(CHAIN_KEY_INFO).number;
}

/** The keys that may have sealed an event of a version: the one it names, every one for version 1, none if unknown. */
function chainKeys(version: number): Buffer[] {
  if (version === UNNAMED_KEY_VERSION) return everyKey(CHAIN_KEY_INFO).map((k) => k.key);
  const key = keyWithId(CHAIN_KEY_INFO, version);
  return key ? [key.key] : [];
}

export type ChainedFields = {
  id: string;
  sequence: number;
  occurredAt: Date;
  action: string;
  result: string;
  reason: string | null;
  actorType: string;
  targetType: string | null;
  sessionId: string | null;
  metadata: string | null;
  personalDigest: string;
  prevHash: string | null;
  keyVersion: number | null;
};

export type PersonalFields = {
  actorId: string | null;
  targetId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  personalText: string | null;
};

function sha256(text: string) {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * salt.hex-digest; the salt makes equal personal fields give different digests across events.
 * Keyed events (version 1 on) also cover personalText; legacy ones predate it.
 */
export function personalDigestOf(fields: PersonalFields, keyVersion: number | null = currentChainKeyVersion(), salt = randomBytes(16).toString('hex')) {
  const covered: unknown[] = [salt, fields.actorId, fields.targetId, fields.ipAddress, fields.userAgent];
  if (keyVersion !== null) covered.push(fields.personalText);
  return `${salt}.${sha256(JSON.stringify(covered))}`;
}

function personalDigestMatches(fields: PersonalFields, keyVersion: number | null, digest: string) {
  const salt = digest.split('.')[0] ?? '';
  return personalDigestOf(fields, keyVersion, salt) === digest;
}

/**
 * The seal of one event: a JSON array in a fixed order (unambiguous, since strings are quoted and
 * escaped, and independent of key order), HMAC'd under a key of the event's key version, or plain
 * SHA-256 for legacy events. One candidate per key that may have sealed it; none when the version
 * names a key this server does not have, and then the event cannot verify.
 */
function candidateHashes(e: ChainedFields): string[] {
  const fields: unknown[] = [
    e.id, e.sequence, e.occurredAt.toISOString(), e.action, e.result, e.reason, e.actorType,
    e.targetType, e.sessionId, e.metadata, e.personalDigest, e.prevHash,
  ];
  if (e.keyVersion === null) return [sha256(JSON.stringify(fields))];
  const sealed = JSON.stringify([...fields, e.keyVersion]);
  return chainKeys(e.keyVersion).map((key) => createHmac('sha256', key).update(sealed, 'utf8').digest('hex'));
}

/** The seal an event gets, or null when its key version is unknown to this server. */
export function eventHash(e: ChainedFields): string | null {
  return candidateHashes(e)[0] ?? null;
}

function sameHash(a: string | null, b: string | null) {
  if (a === null || b === null || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The last link, read under a lock held until the caller's transaction ends. */
async function lastLink(tx: Tx): Promise<{ sequence: number; hash: string | null } | null> {
  if (databaseDialect() === 'postgresql') await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  // SQLite allows one writer at a time; the unique sequence refuses a fork either way.
  const last = await tx.auditEvent.findFirst({ where: { sequence: { not: null } }, orderBy: { sequence: 'desc' }, select: { sequence: true, hash: true } });
  return last ? { sequence: last.sequence!, hash: last.hash } : null;
}

/** An event before the chain gives it a sequence, digest, previous hash and seal. */
export type UnsealedEvent = Pick<ChainedFields, 'action' | 'result' | 'reason' | 'actorType' | 'targetType' | 'sessionId' | 'metadata'> & PersonalFields;

/**
 * The one place that links an event into the chain: sequence, digest, previous hash and seal.
 * Whatever writes events (one at a time today, a batch sealer later) goes through here, so every
 * event gets the same properties.
 */
export async function appendToChain(tx: Tx, event: UnsealedEvent) {
  const last = await lastLink(tx);
  const keyVersion = currentChainKeyVersion();
  const created = await tx.auditEvent.create({
    data: {
      ...event,
      sequence: (last?.sequence ?? 0) + 1,
      personalDigest: personalDigestOf(event, keyVersion),
      prevHash: last?.hash ?? null,
      keyVersion,
    },
  });
  // The id and time are the database's own, so the hash is computed from the stored row.
  await tx.auditEvent.update({
    where: { id: created.id },
    data: { hash: eventHash({ ...created, sequence: created.sequence!, personalDigest: created.personalDigest! }) },
  });
  return created;
}

/** The action of the event that anchors a pruned chain; its metadata names the last removed link. */
export const PRUNE_ANCHOR_ACTION = 'audit.pruned';

export type PruneAnchor = { sequence: number; hash: string };

/** The newest anchor left by retention, or null if the chain was never pruned. */
export async function pruneAnchor(client: DbOrTx = db): Promise<{ anchor: PruneAnchor; eventSequence: number } | null> {
  const event = await client.auditEvent.findFirst({
    where: { action: PRUNE_ANCHOR_ACTION, sequence: { not: null } },
    orderBy: { sequence: 'desc' },
    select: { sequence: true, metadata: true },
  });
  if (!event) return null;
  const { throughSequence, throughHash } = parseMetadata(event.metadata);
  // An unreadable anchor anchors nothing: the walk then starts at sequence 1 and reports the gap.
  if (typeof throughSequence !== 'number' || typeof throughHash !== 'string') return null;
  return { anchor: { sequence: throughSequence, hash: throughHash }, eventSequence: event.sequence! };
}

function parseMetadata(metadata: string | null): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(metadata ?? '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The newest chain head as written outside the database: one JSON line a log pipeline can pick out. */
export const chainAnchorSchema = z.object({
  gatehouse: z.literal('audit_anchor'),
  sequence: z.number().int().positive(),
  eventId: z.string().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  keyVersion: z.number().int().nullable(),
  occurredAt: z.string(),
  anchoredAt: z.string(),
});

export type ChainAnchor = z.infer<typeof chainAnchorSchema>;

/** The head of the chain now, as an anchor; null while the chain is empty. */
export async function chainHead(client: DbOrTx = db, now = new Date()): Promise<ChainAnchor | null> {
  const head = await client.auditEvent.findFirst({
    where: { sequence: { not: null }, hash: { not: null } },
    orderBy: { sequence: 'desc' },
    select: { id: true, sequence: true, hash: true, keyVersion: true, occurredAt: true },
  });
  if (!head) return null;
  return {
    gatehouse: 'audit_anchor',
    sequence: head.sequence!,
    eventId: head.id,
    hash: head.hash!,
    keyVersion: head.keyVersion,
    occurredAt: head.occurredAt.toISOString(),
    anchoredAt: now.toISOString(),
  };
}

/** Reads an anchor line (from the server log or an export); null if it is not one. */
export function parseChainAnchor(text: string): ChainAnchor | null {
  try {
    const parsed = chainAnchorSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes the anchor to the server log, where a database writer cannot reach it. */
export function logChainAnchor(anchor: ChainAnchor) {
  console.log(JSON.stringify(anchor));
}

/**
 * The sequences a user.erased event changed, as compact ranges ("3-7,12"): erasure names every row it
 * redacts, so the verifier can accept those rows and no others.
 */
export function encodeSequences(sequences: number[]): string {
  const sorted = [...new Set(sequences)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function decodeSequences(text: string, into: Map<number, string>, tombstone: string, before: number) {
  for (const part of text.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) continue;
    const from = Number(match[1]);
    // Only links before the erasure event itself: it cannot name what came after it.
    const to = Math.min(Number(match[2] ?? match[1]), before - 1);
    for (let s = from; s <= to; s += 1) into.set(s, tombstone);
  }
}

export type ChainVerification =
  | { ok: true; verified: number; unchained: number; startsAfter?: number; head?: { sequence: number; eventId: string }; anchorChecked?: boolean }
  | { ok: false; brokenAt: string; verified: number; unchained: number; problem: string };

const BATCH = 500;

/** What chained user.erased events allow: rows they name, and for legacy erasures their tombstone. */
async function erasureExceptions(client: DbOrTx) {
  const erasures = await client.auditEvent.findMany({
    where: { action: 'user.erased', sequence: { not: null } },
    select: { targetId: true, sequence: true, metadata: true, keyVersion: true },
  });
  const named = new Map<number, string>();
  /** Erasures sealed before rows were named: the tombstone, and the erasure's own sequence. */
  const legacy = new Map<string, number>();
  for (const e of erasures) {
    if (!e.targetId) continue;
    if (e.keyVersion === null) legacy.set(e.targetId, e.sequence!);
    const redacted = parseMetadata(e.metadata).redacted;
    if (typeof redacted === 'string') decodeSequences(redacted, named, e.targetId, e.sequence!);
  }
  return { named, legacy };
}

/**
 * Walks the chain in sequence order, BATCH rows at a time, and reports the first broken link.
 * Given an anchor written outside the database, it also requires the chain to reach the anchored
 * event unchanged, so deleting the newest events is caught.
 */
export async function verifyAuditChain(client: DbOrTx = db, options: { anchor?: ChainAnchor } = {}): Promise<ChainVerification> {
  const unchained = await client.auditEvent.count({ where: { sequence: null } });
  const { named, legacy } = await erasureExceptions(client);
  const external = options.anchor;
  let verified = 0;
  let keyedSeen = false;
  let anchorChecked = false;
  const pruned = await pruneAnchor(client);
  // An anchor can only name links before itself; one that does not is a forgery, and anchors nothing.
  const anchor = pruned && pruned.anchor.sequence < pruned.eventSequence ? pruned.anchor : null;
  let previous: { sequence: number; hash: string | null; id?: string } | null = anchor;
  if (external && anchor && external.sequence <= anchor.sequence) {
    // Retention removed the anchored event since; where it removed exactly it, the hashes must agree.
    if (external.sequence === anchor.sequence && !sameHash(external.hash, anchor.hash)) {
      return { ok: false, brokenAt: external.eventId, verified, unchained, problem: 'the anchored event was changed after it was anchored' };
    }
    anchorChecked = true;
  }
  for (;;) {
    const rows: AuditRow[] = await client.auditEvent.findMany({
      where: { sequence: previous ? { gt: previous.sequence } : { not: null } },
      orderBy: { sequence: 'asc' },
      take: BATCH,
    });
    for (const row of rows) {
      const broken = (problem: string): ChainVerification => ({ ok: false, brokenAt: row.id, verified, unchained, problem });
      const sequence = row.sequence!;
      if (sequence !== (previous ? previous.sequence + 1 : 1)) return broken('an event is missing before this one');
      if (row.prevHash !== (previous ? previous.hash : null)) return broken('the link to the previous event does not match');
      if (!row.personalDigest || !row.hash) return broken('the event has no hash');
      if (row.keyVersion === null && keyedSeen) return broken('the event was resealed without the chain key');
      if (row.keyVersion !== null) keyedSeen = true;
      const candidates = candidateHashes({ ...row, sequence, personalDigest: row.personalDigest });
      if (candidates.length === 0) {
        return broken(`the event was sealed with key version ${row.keyVersion}, from an AUTH_SECRET this server is not given: if AUTH_SECRET was changed, list the old secret in AUTH_SECRET_PREVIOUS`);
      }
      if (!candidates.some((hash) => sameHash(hash, row.hash))) {
        return broken(
          row.keyVersion === UNNAMED_KEY_VERSION
            ? 'the event was changed after it was written, or was sealed (key version 1, which names no secret) under an AUTH_SECRET this server is not given: if AUTH_SECRET was changed, list the old secret in AUTH_SECRET_PREVIOUS'
            : 'the event was changed after it was written',
        );
      }
      if (!personalDigestMatches(row, row.keyVersion, row.personalDigest)) {
        const tombstone = named.get(sequence);
        const legacyErasure = [row.actorId, row.targetId].find((id): id is string => id !== null && legacy.has(id));
        const networkCleared = row.ipAddress === null && row.userAgent === null;
        const erased = tombstone
          ? row.personalText === null && (networkCleared || ![row.actorId, row.targetId].includes(tombstone))
          : row.keyVersion === null && networkCleared && legacyErasure !== undefined && sequence < legacy.get(legacyErasure)!;
        if (!erased) return broken('who or where the event names was changed after it was written');
      }
      if (external && sequence === external.sequence) {
        if (row.id !== external.eventId || !sameHash(row.hash, external.hash)) return broken('the anchored event was replaced or changed after it was anchored');
        anchorChecked = true;
      }
      verified += 1;
      previous = { sequence, hash: row.hash, id: row.id };
    }
    if (rows.length < BATCH) {
      if (external && !anchorChecked) {
        return { ok: false, brokenAt: external.eventId, verified, unchained, problem: `the chain ends at ${previous?.sequence ?? 0}, before the anchored event ${external.sequence}: the newest events were removed` };
      }
      return {
        ok: true,
        verified,
        unchained,
        ...(anchor ? { startsAfter: anchor.sequence } : {}),
        ...(previous?.id ? { head: { sequence: previous.sequence, eventId: previous.id } } : {}),
        ...(external ? { anchorChecked } : {}),
      };
    }
  }
}
