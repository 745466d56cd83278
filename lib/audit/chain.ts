import { createHash, randomBytes } from 'node:crypto';
import { db, databaseDialect, type Db, type DbOrTx, type Tx } from '@/lib/db/client';

type AuditRow = Awaited<ReturnType<Db['auditEvent']['findFirstOrThrow']>>;

/**
 * Tamper evidence for the audit log: every event carries hash = SHA-256(canonical fields + prevHash)
 * and a sequence number one past the previous event's, so editing a row, deleting one or inserting
 * one out of order breaks a link that verifyAuditChain() reports.
 *
 * Erasure (lib/users/erasure.ts) legitimately re-points actorId/targetId to a tombstone and nulls the
 * IP and user agent. So the chain does not hash those four fields directly: it hashes personalDigest,
 * a salted SHA-256 of them kept in its own column. The verifier checks the digest against the fields;
 * a mismatch is accepted only as a recorded erasure: IP and user agent null and the actor or target is a
 * tombstone named by a chained `user.erased` event. The digest is unkeyed (so it survives rotation of
 * AUTH_SECRET); linking it back to a person needs the erased user's former id, which erasure removes.
 *
 * Events written before the chain existed (sequence null) are outside it: the verifier counts them as
 * `unchained` and starts at the first chained event. Removing the newest events leaves a shorter but
 * valid chain; catching that needs the last hash anchored elsewhere, which this does not do.
 *
 * Retention (lib/retention/audit-events.ts) deletes an oldest prefix of the chain. Before it deletes,
 * it appends an `audit.pruned` event naming the last sequence it removes and that event's hash: the
 * anchor. The verifier starts after the newest anchor, so the chain must continue exactly from the
 * anchored hash; any other deletion or edit, and any prefix removed without an anchor, still breaks it.
 */

/** Any constant, shared by every writer: serialises appends on PostgreSQL so the chain cannot fork. */
const CHAIN_LOCK = 0x6761_7465;

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
};

type PersonalFields = { actorId: string | null; targetId: string | null; ipAddress: string | null; userAgent: string | null };

function sha256(text: string) {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** salt.hex-digest; the salt makes equal personal fields give different digests across events. */
export function personalDigestOf(fields: PersonalFields, salt = randomBytes(16).toString('hex')) {
  return `${salt}.${sha256(JSON.stringify([salt, fields.actorId, fields.targetId, fields.ipAddress, fields.userAgent]))}`;
}

function personalDigestMatches(fields: PersonalFields, digest: string) {
  const salt = digest.split('.')[0] ?? '';
  return personalDigestOf(fields, salt) === digest;
}

/** A JSON array in a fixed order: unambiguous (strings are quoted and escaped) and independent of key order. */
export function eventHash(e: ChainedFields) {
  return sha256(
    JSON.stringify([
      e.id, e.sequence, e.occurredAt.toISOString(), e.action, e.result, e.reason, e.actorType,
      e.targetType, e.sessionId, e.metadata, e.personalDigest, e.prevHash,
    ]),
  );
}

/** The last link, read under a lock held until the caller's transaction ends. */
export async function lastLink(tx: Tx): Promise<{ sequence: number; hash: string | null } | null> {
  if (databaseDialect() === 'postgresql') await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  // SQLite allows one writer at a time; the unique sequence refuses a fork either way.
  const last = await tx.auditEvent.findFirst({ where: { sequence: { not: null } }, orderBy: { sequence: 'desc' }, select: { sequence: true, hash: true } });
  return last ? { sequence: last.sequence!, hash: last.hash } : null;
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
  let metadata: Record<string, unknown> = {};
  try {
    metadata = JSON.parse(event.metadata ?? '{}') as Record<string, unknown>;
  } catch {
    // An unreadable anchor anchors nothing: the walk then starts at sequence 1 and reports the gap.
  }
  const { throughSequence, throughHash } = metadata;
  if (typeof throughSequence !== 'number' || typeof throughHash !== 'string') return null;
  return { anchor: { sequence: throughSequence, hash: throughHash }, eventSequence: event.sequence! };
}

export type ChainVerification =
  | { ok: true; verified: number; unchained: number; startsAfter?: number }
  | { ok: false; brokenAt: string; verified: number; unchained: number; problem: string };

const BATCH = 500;

/** Walks the chain in sequence order, BATCH rows at a time, and reports the first broken link. */
export async function verifyAuditChain(client: DbOrTx = db): Promise<ChainVerification> {
  const unchained = await client.auditEvent.count({ where: { sequence: null } });
  const erasures = await client.auditEvent.findMany({
    where: { action: 'user.erased', sequence: { not: null } },
    select: { targetId: true },
  });
  const tombstones = new Set(erasures.map((e) => e.targetId).filter((id): id is string => Boolean(id)));
  let verified = 0;
  const pruned = await pruneAnchor(client);
  // An anchor can only name links before itself; one that does not is a forgery, and anchors nothing.
  const anchor = pruned && pruned.anchor.sequence < pruned.eventSequence ? pruned.anchor : null;
  let previous: { sequence: number; hash: string | null } | null = anchor;
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
      const hash = eventHash({ ...row, sequence, personalDigest: row.personalDigest });
      if (hash !== row.hash) return broken('the event was changed after it was written');
      if (!personalDigestMatches(row, row.personalDigest)) {
        const erased = row.ipAddress === null && row.userAgent === null && [row.actorId, row.targetId].some((id) => id !== null && tombstones.has(id));
        if (!erased) return broken('who or where the event names was changed after it was written');
      }
      verified += 1;
      previous = { sequence, hash: row.hash };
    }
    if (rows.length < BATCH) return { ok: true, verified, unchained, ...(anchor ? { startsAfter: anchor.sequence } : {}) };
  }
}
