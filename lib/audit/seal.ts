import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { currentKey, everyKey, keyWithId } from '@/lib/crypto/keyring';
import type { Db } from '@/lib/db/client';

// What a seal is: the chain key, the personal digest, an event's hash in the chain and its entry seal
// while it waits for the sealer. How events are appended, sealed and verified: lib/audit/chain.ts.

export type AuditRow = Awaited<ReturnType<Db['auditEvent']['findFirstOrThrow']>>;

const CHAIN_KEY_INFO = 'gatehouse:audit-chain:v1';

/**
 * keyVersion 1: sealed before events named their secret generation. Every such event was sealed
 * under the AUTH_SECRET of its time, which is not recorded, so each configured secret is tried.
 */
export const UNNAMED_KEY_VERSION = 1;

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
export function chainKeys(version: number): Buffer[] {
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

/** One-shot: for texts this short, creating a Hash object costs more than hashing (2.0 -> 0.9 µs). */
export function sha256(text: string) {
  return hash('sha256', text, 'hex');
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

export function personalDigestMatches(fields: PersonalFields, keyVersion: number | null, digest: string) {
  const salt = digest.split('.')[0] ?? '';
  return personalDigestOf(fields, keyVersion, salt) === digest;
}

/**
 * What an event's seal is computed over: a JSON array in a fixed order (unambiguous, since strings
 * are quoted and escaped, and independent of key order), with the key version last for keyed
 * events. On PostgreSQL the verifier has the database spell the same text (lib/audit/sealed-batches.ts).
 */
export function sealInputOf(e: ChainedFields): string {
  const fields: unknown[] = [
    e.id, e.sequence, e.occurredAt.toISOString(), e.action, e.result, e.reason, e.actorType,
    e.targetType, e.sessionId, e.metadata, e.personalDigest, e.prevHash,
  ];
  return JSON.stringify(e.keyVersion === null ? fields : [...fields, e.keyVersion]);
}

/** The seal of a seal input under one chain key, or the plain SHA-256 of legacy (unkeyed) events. */
export function sealUnder(key: Buffer | null, input: string): string {
  return key ? createHmac('sha256', key).update(input, 'utf8').digest('hex') : sha256(input);
}

/**
 * The seal of one event, HMAC'd under a key of the event's key version, or plain SHA-256 for
 * legacy events. One candidate per key that may have sealed it; none when the version names a key
 * this server does not have, and then the event cannot verify.
 */
export function candidateHashes(e: ChainedFields): string[] {
  const input = sealInputOf(e);
  if (e.keyVersion === null) return [sealUnder(null, input)];
  return chainKeys(e.keyVersion).map((key) => sealUnder(key, input));
}

/** The seal an event gets, or null when its key version is unknown to this server. */
export function eventHash(e: ChainedFields): string | null {
  return candidateHashes(e)[0] ?? null;
}

export function sameHash(a: string | null, b: string | null) {
  if (a === null || b === null || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The fields an event has from the moment it is written: everything the chain seals but its place in it. */
export type EntryFields = Omit<ChainedFields, 'sequence' | 'prevHash' | 'keyVersion'> & { keyVersion: number };

/**
 * The entry seal of a queued event, under the writer's chain key. Its array starts with a label and
 * has one field fewer than a chain seal's, so no entry seal is ever a valid chain hash or the reverse.
 * Version 1 names no key, and no writer uses it, so it has none.
 */
function entryMacUnder(e: EntryFields): string | null {
  const key = e.keyVersion === UNNAMED_KEY_VERSION ? undefined : keyWithId(CHAIN_KEY_INFO, e.keyVersion);
  if (!key) return null;
  const fields = ['gatehouse:audit-entry', e.id, e.occurredAt.toISOString(), e.action, e.result, e.reason, e.actorType, e.targetType, e.sessionId, e.metadata, e.personalDigest, e.keyVersion];
  return createHmac('sha256', key.key).update(JSON.stringify(fields), 'utf8').digest('hex');
}

/** The entry seal a writer gives a new event (its key version is the current one, so there is a key). */
export function entryMacOf(e: EntryFields): string {
  return entryMacUnder(e)!;
}

/** Why a queued event's entry seal does not check (missing, an unknown key, or not matching), or null. */
export function entrySealProblem(row: AuditRow): string | null {
  if (!row.entryMac || !row.personalDigest || row.keyVersion === null) return 'the event is waiting to be sealed but has no entry seal: it was not written by Gatehouse';
  const expected = entryMacUnder({ ...row, personalDigest: row.personalDigest, keyVersion: row.keyVersion });
  if (expected === null) {
    return `the event waiting to be sealed was written with key version ${row.keyVersion}, from an AUTH_SECRET this server is not given: if AUTH_SECRET was changed, list the old secret in AUTH_SECRET_PREVIOUS`;
  }
  return sameHash(expected, row.entryMac) ? null : 'the event was changed while it waited to be sealed, or was not written by Gatehouse';
}

/**
 * Why a queued event must not be sealed, or null when it is exactly as the application wrote it (or
 * as erasure left it): its entry seal checks, and its personal fields match their digest. The sealer
 * and the verifier ask the same question.
 */
export function unsealedProblem(row: AuditRow): string | null {
  const problem = entrySealProblem(row);
  if (problem) return problem;
  return personalDigestMatches(row, row.keyVersion, row.personalDigest!) ? null : 'who or where the event names was changed while it waited to be sealed';
}
