import { z } from 'zod';
import type { Prisma } from '@/generated/prisma/postgresql/client';
import { databaseDialect, db, type DbOrTx, type Tx } from '@/lib/db/client';
import { newTimeOrderedRecordId } from '@/lib/db/record-id';
import {
  candidateHashes, chainKeys, currentChainKeyVersion, entryMacOf, entrySealProblem, personalDigestMatches, personalDigestOf, sameHash, sealUnder,
  unsealedProblem, UNNAMED_KEY_VERSION, type AuditRow, type ChainedFields, type PersonalFields,
} from './seal';
import { sealedBatches, sealedRows } from './sealed-batches';

/**
 * Tamper evidence for the audit log (ASVS 5.0 V16.4.2: logs protected from modification).
 *
 * Every sealed event carries hash = HMAC-SHA-256(key, canonical fields + prevHash) and a sequence number
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
 * Writing an event and sealing it are two steps, so that audited writes never wait on each other: a
 * chain written at insert time needs the previous hash, and so one lock for every writer on every
 * instance, held until each transaction commits (issue 10).
 * - The writer appends with one INSERT and takes no lock (appendAuditEvent). The event has no sequence,
 *   prevHash or hash yet. It carries unsealedSince (its time: the sealer's queue) and entryMac, an HMAC
 *   of everything the chain will hash except its place in it, under the writer's chain key. Without
 *   entryMac the sealer would seal whatever a database writer slipped into the queue.
 * - The sealer (lib/audit/sealer.ts), one instance at a time under a lease, takes queued events in
 *   (unsealedSince, id) order, checks each one's entryMac and personal digest (unsealedProblem), and
 *   gives it the next sequence, the previous hash and its seal, clearing the queue columns.
 *   The sequence is the sealing order, not the insert order, and that is what makes late commits
 *   safe. On PostgreSQL a transaction can commit after rows written later than it have been sealed;
 *   a sealer that walked forward from the last sealed insert position (an autoincrement, a time)
 *   would step past that row for good, and a settle window only makes it rarer. This sealer keeps no
 *   position between passes: each pass starts again from the oldest event still queued, so a late
 *   commit is linked by the next pass, after the events sealed before it arrived (its sequence is
 *   higher although its time is earlier). Nothing is skipped and there is no window to tune; sequence
 *   and time order can differ by one pass, which nothing relies on (the log viewer orders by time).
 * - Until it is sealed an event is as safe as any row: deleting it leaves no trace. That window is
 *   the sealer's interval (AUDIT_SEAL_INTERVAL_SECONDS); verifyAuditChain() reports how many events
 *   wait and for how long. An event edited while it waits fails its entryMac: the sealer refuses it
 *   and the verifier reports it.
 *
 * Erasure (lib/users/erasure.ts) legitimately re-points actorId/targetId to a tombstone, nulls the IP and
 * user agent and clears personalText (free text that can name a person: passkey names, staff reasons,
 * notes, filters). So the chain does not hash those fields directly: it hashes personalDigest, a salted
 * SHA-256 of them kept in its own column. The verifier checks the digest against the fields; a mismatch
 * is accepted only on a row that a `user.erased` event names in its metadata (`redacted`, the
 * sequences it changed), and only if the row looks erased. Linking a digest back to a person needs the
 * erased user's former id and the text, which erasure removes. Events erasure changes while they are
 * still queued are in no chain yet, so they get a new digest and entryMac instead (redactedSequences);
 * erasure holds the sealer off meanwhile, so each changed event is either sealed and named or queued
 * and re-digested, never neither.
 *
 * Events written before the chain existed (no sequence, no digest, not queued) are outside it: the
 * verifier counts them as `unchained` and starts at the first chained event.
 *
 * Removing the newest events leaves a shorter chain that is valid on its own. So the newest sealed head
 * (its sequence, id and hash) is anchored outside the database: as a structured line in the server log at
 * intervals (lib/audit/anchor-scheduler.ts) and in every export file. Given such an anchor, the verifier
 * requires the chain to still reach that event, unchanged.
 *
 * Retention (lib/retention/audit-events.ts) deletes an oldest prefix of the chain. Before it deletes,
 * it appends an `audit.pruned` event naming the last sequence it removes and that event's hash: the
 * prune anchor. The verifier starts after the newest one, so the chain must continue exactly from the
 * anchored hash; any other deletion or edit, and any prefix removed without an anchor, still breaks it.
 *
 * A queued `user.erased` or `audit.pruned` event already counts for the verifier when its entryMac
 * checks: it is the application's own, and waiting for the sealer must not make a legitimate erasure
 * or prune look like tampering in between.
 */

/** Events waiting for the sealer. */
export const UNSEALED = { sequence: null, unsealedSince: { not: null } } satisfies Prisma.AuditEventWhereInput;

/** Events from before the chain existed: never sealed, never queued, no digest. */
export const PRE_CHAIN = { sequence: null, unsealedSince: null, personalDigest: null } satisfies Prisma.AuditEventWhereInput;

/** What only tampering leaves: an event with a digest, so written for the chain, that is neither sealed nor queued. */
const OUT_OF_QUEUE = { sequence: null, unsealedSince: null, personalDigest: { not: null } } satisfies Prisma.AuditEventWhereInput;

/** An event as a writer hands it over: the sealer gives it its place in the chain later. */
export type NewAuditEvent = Pick<ChainedFields, 'action' | 'result' | 'reason' | 'actorType' | 'targetType' | 'sessionId' | 'metadata'> & PersonalFields;

/** The columns an append writes; the chain columns (sequence, prevHash, hash) wait for the sealer. */
const APPENDED = [
  'id', 'occurredAt', 'action', 'result', 'reason', 'actorType', 'actorId', 'targetType', 'targetId', 'ipAddress', 'userAgent',
  'sessionId', 'metadata', 'personalText', 'personalDigest', 'keyVersion', 'entryMac', 'unsealedSince',
] as const;

const appendStatement = (placeholder: (i: number) => string) =>
  `INSERT INTO "AuditEvent" (${APPENDED.map((c) => `"${c}"`).join(', ')}) VALUES (${APPENDED.map((_, i) => placeholder(i)).join(', ')})`;
const APPEND_SQL = { postgresql: appendStatement((i) => `$${i + 1}`), sqlite: appendStatement(() => '?') };

/**
 * Appends one event to the sealer's queue: one INSERT, no lock, no read of the chain, so parallel
 * transactions never wait on each other here. The id and time are chosen here rather than by the
 * database because the entry seal covers them; the id sorts by time, so one process's events are
 * sealed in the order it wrote them. Raw SQL because Prisma's create of this 18-column row cost
 * 2.7 ms of CPU against 0.7 ms for the same INSERT raw, and the writer's process is what limits
 * audited writes (docs/performance.md, "Audited writes").
 */
export async function appendAuditEvent(client: DbOrTx, event: NewAuditEvent) {
  const occurredAt = new Date();
  const keyVersion = currentChainKeyVersion();
  const entry = { ...event, id: newTimeOrderedRecordId(occurredAt.getTime()), occurredAt, keyVersion, personalDigest: personalDigestOf(event, keyVersion) };
  const row: Record<(typeof APPENDED)[number], unknown> = { ...entry, entryMac: entryMacOf(entry), unsealedSince: occurredAt };
  await client.$executeRawUnsafe(APPEND_SQL[databaseDialect()], ...APPENDED.map((column) => row[column]));
}

/**
 * For erasure, after it changed the personal fields of these events (with the sealer held off, see
 * lib/audit/sealer.ts holdSealer): the sequences of the sealed ones, which its user.erased event
 * must name, and a fresh digest and entry seal for the queued ones, which are in no chain yet and so
 * need no excuse. A queued event whose entry seal did not check before is left as it is: re-sealing
 * it would launder whatever was written into it.
 */
export async function redactedSequences(tx: Tx, ids: string[]): Promise<number[]> {
  const rows = await tx.auditEvent.findMany({ where: { id: { in: ids } } });
  const sequences: number[] = [];
  const keyVersion = currentChainKeyVersion();
  for (const row of rows) {
    if (row.sequence !== null) {
      sequences.push(row.sequence);
      continue;
    }
    if (row.unsealedSince === null || entrySealProblem(row) !== null) continue;
    const personalDigest = personalDigestOf(row, keyVersion);
    await tx.auditEvent.update({ where: { id: row.id }, data: { personalDigest, keyVersion, entryMac: entryMacOf({ ...row, personalDigest, keyVersion }) } });
  }
  return sequences;
}

/** The action of the event that anchors a pruned chain; its metadata names the last removed link. */
export const PRUNE_ANCHOR_ACTION = 'audit.pruned';

export type PruneAnchor = { sequence: number; hash: string };

/**
 * Where retention says the chain now starts, or null if it was never pruned: the newest sealed
 * anchor, or a queued one whose entry seal checks (retention deletes right after writing it, before
 * the sealer has linked it). Of those, the one that reaches furthest.
 */
export async function pruneAnchor(client: DbOrTx = db): Promise<PruneAnchor | null> {
  const [sealed, queued] = await Promise.all([
    client.auditEvent.findFirst({ where: { action: PRUNE_ANCHOR_ACTION, sequence: { not: null } }, orderBy: { sequence: 'desc' } }),
    client.auditEvent.findMany({ where: { action: PRUNE_ANCHOR_ACTION, ...UNSEALED } }),
  ]);
  const anchors = [sealed, ...queued.filter((e) => unsealedProblem(e) === null)].flatMap((event) => {
    if (!event) return [];
    const { throughSequence, throughHash } = parseMetadata(event.metadata);
    // An unreadable anchor anchors nothing: the walk then starts at sequence 1 and reports the gap.
    if (typeof throughSequence !== 'number' || typeof throughHash !== 'string') return [];
    // A sealed anchor can only name links before itself (the walk then checks the anchor too); one that does not is a forgery.
    if (event.sequence !== null && throughSequence >= event.sequence) return [];
    return [{ sequence: throughSequence, hash: throughHash }];
  });
  return anchors.reduce<PruneAnchor | null>((best, a) => (best && best.sequence >= a.sequence ? best : a), null);
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
  | {
      ok: true;
      verified: number;
      unchained: number;
      /** Events written but not sealed yet (each one checked as its writer left it), and how long the oldest has waited. */
      unsealed: number;
      oldestUnsealedSeconds?: number;
      startsAfter?: number;
      head?: { sequence: number; eventId: string };
      anchorChecked?: boolean;
    }
  | { ok: false; brokenAt: string; verified: number; unchained: number; problem: string };

const BATCH = 500;

export type VerifyOptions = {
  anchor?: ChainAnchor;
  now?: Date;
  /** Called as the walk goes, with how many sealed events have checked so far. */
  onProgress?: (verified: number) => void;
  /** Links read per query (CHAIN_BATCH); tests make it small to cross batch boundaries. */
  batch?: number;
};

/** The sealer's order (lib/audit/sealer.ts), and the keyset that continues it after an event. */
export const QUEUE_ORDER = [{ unsealedSince: 'asc' }, { id: 'asc' }] satisfies Prisma.AuditEventOrderByWithRelationInput[];
export type QueuePosition = { unsealedSince: Date; id: string };
export function queuedAfter(p: QueuePosition): Prisma.AuditEventWhereInput {
  return { OR: [{ unsealedSince: { gt: p.unsealedSince } }, { unsealedSince: p.unsealedSince, id: { gt: p.id } }] };
}

/** What user.erased events allow: rows they name, and for legacy erasures their tombstone. */
async function erasureExceptions(client: DbOrTx) {
  const [erasures, head] = await Promise.all([
    client.auditEvent.findMany({ where: { action: 'user.erased', OR: [{ sequence: { not: null } }, UNSEALED] } }),
    client.auditEvent.findFirst({ where: { sequence: { not: null } }, orderBy: { sequence: 'desc' }, select: { sequence: true } }),
  ]);
  const named = new Map<number, string>();
  /** Erasures sealed before rows were named: the tombstone, and the erasure's own sequence. */
  const legacy = new Map<string, number>();
  for (const e of erasures) {
    if (!e.targetId) continue;
    // A queued erasure counts once its entry seal checks; it can only have named rows sealed before it, so before the head.
    if (e.sequence === null && unsealedProblem(e) !== null) continue;
    if (e.keyVersion === null && e.sequence !== null) legacy.set(e.targetId, e.sequence);
    const redacted = parseMetadata(e.metadata).redacted;
    if (typeof redacted === 'string') decodeSequences(redacted, named, e.targetId, e.sequence ?? (head?.sequence ?? 0) + 1);
  }
  return { named, legacy };
}

/**
 * The sealer's queue: every waiting event must be exactly as its writer (or erasure) left it, and no
 * event written for the chain may have left the queue unsealed. Reports how many wait, and how long.
 */
async function checkQueue(client: DbOrTx, now: Date): Promise<{ brokenAt: string; problem: string } | { unsealed: number; oldestUnsealedSeconds?: number }> {
  const outOfQueue = await client.auditEvent.findFirst({ where: OUT_OF_QUEUE, select: { id: true } });
  if (outOfQueue) return { brokenAt: outOfQueue.id, problem: 'the event was taken out of the sealer’s queue without being sealed' };
  let unsealed = 0;
  let oldest: Date | undefined;
  let after: QueuePosition | undefined;
  for (;;) {
    const rows = await client.auditEvent.findMany({ where: { ...UNSEALED, ...(after ? queuedAfter(after) : {}) }, orderBy: QUEUE_ORDER, take: BATCH });
    for (const row of rows) {
      const problem = unsealedProblem(row);
      if (problem) return { brokenAt: row.id, problem };
    }
    oldest ??= rows[0]?.unsealedSince ?? undefined;
    unsealed += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) break;
    after = { unsealedSince: last.unsealedSince!, id: last.id };
  }
  return { unsealed, ...(oldest ? { oldestUnsealedSeconds: Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) } : {}) };
}

/** What a sealed event may differ in: the rows erasure names, and for legacy erasures their tombstone. */
type Exceptions = Awaited<ReturnType<typeof erasureExceptions>>;

/**
 * Why a sealed event, read as a whole row, does not follow `previous` in the chain, or null when it
 * does. The one judgement of an event; the walk asks it whenever a link did not check as read.
 */
function sealedRowProblem(row: AuditRow, previous: { sequence: number; hash: string | null } | null, keyedSeen: boolean, exceptions: Exceptions): string | null {
  const sequence = row.sequence!;
  if (sequence !== (previous ? previous.sequence + 1 : 1)) return 'an event is missing before this one';
  if (row.prevHash !== (previous ? previous.hash : null)) return 'the link to the previous event does not match';
  if (!row.personalDigest || !row.hash) return 'the event has no hash';
  if (row.keyVersion === null && keyedSeen) return 'the event was resealed without the chain key';
  const candidates = candidateHashes({ ...row, sequence, personalDigest: row.personalDigest });
  if (candidates.length === 0) {
    return `the event was sealed with key version ${row.keyVersion}, from an AUTH_SECRET this server is not given: if AUTH_SECRET was changed, list the old secret in AUTH_SECRET_PREVIOUS`;
  }
  if (!candidates.some((hash) => sameHash(hash, row.hash))) {
    return row.keyVersion === UNNAMED_KEY_VERSION
      ? 'the event was changed after it was written, or was sealed (key version 1, which names no secret) under an AUTH_SECRET this server is not given: if AUTH_SECRET was changed, list the old secret in AUTH_SECRET_PREVIOUS'
      : 'the event was changed after it was written';
  }
  if (!personalDigestMatches(row, row.keyVersion, row.personalDigest)) {
    const { named, legacy } = exceptions;
    const tombstone = named.get(sequence);
    const legacyErasure = [row.actorId, row.targetId].find((id): id is string => id !== null && legacy.has(id));
    const networkCleared = row.ipAddress === null && row.userAgent === null;
    const erased = tombstone
      ? row.personalText === null && (networkCleared || ![row.actorId, row.targetId].includes(tombstone))
      : row.keyVersion === null && networkCleared && legacyErasure !== undefined && sequence < legacy.get(legacyErasure)!;
    if (!erased) return 'who or where the event names was changed after it was written';
  }
  return null;
}

/** Links read per query while walking the chain: big, because a batch is one string on PostgreSQL. */
const CHAIN_BATCH = 10_000;

/** The chain keys of each key version, looked up once per walk rather than once per event. */
function keysByVersion() {
  const keys = new Map<number | null, (Buffer | null)[]>([[null, [null]]]);
  return (version: number | null) => {
    let found = keys.get(version);
    if (!found) keys.set(version, (found = chainKeys(version!)));
    return found;
  };
}

/** The JSON text of a hex hash, as the links carry it; null for anything that is not one. */
const hashOfJson = (json: string) => (json.length === 66 && json.startsWith('"') ? json.slice(1, -1) : null);

/**
 * Walks the sealed chain in sequence order and reports the first broken link; then checks the
 * events still waiting for the sealer (checkQueue). Given an anchor written outside the database,
 * it also requires the chain to reach the anchored event unchanged, so deleting the newest events
 * is caught. It never seals: how far behind the sealer is belongs in the answer.
 *
 * Each link is first checked as read (lib/audit/sealed-batches.ts): the next sequence, the previous
 * hash, a matching personal digest and the seal. One that does not check is read again as a whole
 * row and judged by sealedRowProblem(), which says what is wrong or accepts it (an erased row).
 * The next batch is read while this one is hashed, so the database and the hashing overlap.
 */
export async function verifyAuditChain(client: DbOrTx = db, options: VerifyOptions = {}): Promise<ChainVerification> {
  const unchained = await client.auditEvent.count({ where: PRE_CHAIN });
  const exceptions = await erasureExceptions(client);
  const external = options.anchor;
  const keysOf = keysByVersion();
  let verified = 0;
  let keyedSeen = false;
  let anchorChecked = false;
  const anchor = await pruneAnchor(client);
  /** The last verified link: its sequence, its hash as JSON text, and its id as JSON text. */
  let previous: { sequence: number; hashJson: string; idJson?: string } | null = anchor && { sequence: anchor.sequence, hashJson: JSON.stringify(anchor.hash) };
  if (external && anchor && external.sequence <= anchor.sequence) {
    // Retention removed the anchored event since; where it removed exactly it, the hashes must agree.
    if (external.sequence === anchor.sequence && !sameHash(external.hash, anchor.hash)) {
      return { ok: false, brokenAt: external.eventId, verified, unchained, problem: 'the anchored event was changed after it was anchored' };
    }
    anchorChecked = true;
  }
  for await (const batch of sealedBatches(client, previous?.sequence ?? null, options.batch ?? CHAIN_BATCH)) {
    // First pass: which links check as read. Each depends only on the one before it in the batch.
    const clean: boolean[] = new Array(batch.links.length);
    const recheck: number[] = [];
    let before = previous;
    let keyed = keyedSeen;
    for (let i = 0; i < batch.links.length; i += 1) {
      const link = batch.links[i]!;
      const stored = hashOfJson(link.hashJson);
      const ok =
        link.sequence === (before ? before.sequence + 1 : 1) &&
        link.prevHashJson === (before ? before.hashJson : 'null') &&
        link.digestMatches &&
        stored !== null &&
        !(link.keyVersion === null && keyed) &&
        keysOf(link.keyVersion).some((key) => sameHash(sealUnder(key, link.sealInput), stored));
      clean[i] = ok;
      if (!ok) recheck.push(link.sequence);
      if (link.keyVersion !== null) keyed = true;
      before = { sequence: link.sequence, hashJson: link.hashJson };
    }
    const rows = recheck.length ? (batch.rows ?? (await sealedRows(client, recheck))) : undefined;

    // Second pass, in order: count what checked, judge the rest as whole rows, and the anchor.
    for (let i = 0; i < batch.links.length; i += 1) {
      const link = batch.links[i]!;
      const brokenAt = () => JSON.parse(link.idJson) as string;
      if (!clean[i]) {
        const row = rows!.get(link.sequence);
        if (!row) return { ok: false, brokenAt: brokenAt(), verified, unchained, problem: 'the event was changed while the chain was being checked' };
        const problem = sealedRowProblem(row, previous && { sequence: previous.sequence, hash: JSON.parse(previous.hashJson) as string | null }, keyedSeen, exceptions);
        if (problem) return { ok: false, brokenAt: row.id, verified, unchained, problem };
      }
      if (link.keyVersion !== null) keyedSeen = true;
      if (external && link.sequence === external.sequence) {
        if (brokenAt() !== external.eventId || !sameHash(hashOfJson(link.hashJson), external.hash)) {
          return { ok: false, brokenAt: brokenAt(), verified, unchained, problem: 'the anchored event was replaced or changed after it was anchored' };
        }
        anchorChecked = true;
      }
      verified += 1;
      previous = { sequence: link.sequence, hashJson: link.hashJson, idJson: link.idJson };
    }
    options.onProgress?.(verified);
  }
  if (external && !anchorChecked) {
    return { ok: false, brokenAt: external.eventId, verified, unchained, problem: `the chain ends at ${previous?.sequence ?? 0}, before the anchored event ${external.sequence}: the newest events were removed` };
  }
  const queue = await checkQueue(client, options.now ?? new Date());
  if ('problem' in queue) return { ok: false, verified, unchained, ...queue };
  return {
    ok: true,
    verified,
    unchained,
    ...queue,
    ...(anchor ? { startsAfter: anchor.sequence } : {}),
    ...(previous?.idJson ? { head: { sequence: previous.sequence, eventId: JSON.parse(previous.idJson) as string } } : {}),
    ...(external ? { anchorChecked } : {}),
  };
}
