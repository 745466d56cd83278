// Bulk seeding for the audit bench: a sealed chain of millions of events, each with a valid seal,
// so that "Verify integrity" has real work. The hashes are sequential (each names the previous
// one), so they are computed here in order and the rows go in through bulk-insert.ts.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../lib/db/client';
import { currentChainKeyVersion, eventHash, personalDigestOf } from '../../lib/audit/seal';
import { insertRows, type BulkTable } from './bulk-insert';

const AUDIT: BulkTable = {
  name: 'AuditEvent',
  columns: [
    'id', 'sequence', 'occurredAt', 'action', 'result', 'reason', 'actorType', 'actorId', 'targetType', 'targetId',
    'ipAddress', 'userAgent', 'sessionId', 'metadata', 'personalText', 'personalDigest', 'prevHash', 'hash', 'keyVersion',
  ],
  types: ['text', 'int4', 'timestamp(3)', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'int4'],
};

/** How far apart seeded events are: ten million span about a year. */
export const AUDIT_SPACING_MS = 3_000;
/** Customers the seeded events name: about fifty events each at ten million. */
export const AUDIT_PEOPLE = 200_000;

/** Event i's action, result and reason: mostly sign-ins, one in seven failing, a sprinkle of rarer events. */
function kindOf(i: number): { action: string; result: string; reason: string | null; staff: boolean } {
  if (i % 7 === 3) return { action: 'user.sign_in_failed', result: 'failure', reason: 'wrong_password', staff: false };
  if (i % 101 === 5) return { action: 'staff.profile_viewed', result: 'success', reason: null, staff: true };
  if (i % 53 === 7) return { action: 'user.password_changed', result: 'success', reason: null, staff: false };
  if (i % 37 === 11) return { action: 'session.revoked', result: 'success', reason: null, staff: false };
  if (i % 29 === 13) return { action: 'user.sign_out', result: 'success', reason: null, staff: false };
  return { action: 'user.sign_in', result: 'success', reason: null, staff: false };
}

export const benchPerson = (i: number) => `bench${String((i * 7919) % AUDIT_PEOPLE).padStart(8, '0')}`;

export type ChainTail = { sequence: number; hash: string | null };

/**
 * Appends events `from` to `from + count - 1` after `tail`, sealed as the sealer would, starting at
 * `start`; answers the new tail.
 */
export async function insertBenchAuditEvents(db: Db, dialect: 'postgresql' | 'sqlite', from: number, count: number, start: number, tail: ChainTail): Promise<ChainTail> {
  const keyVersion = currentChainKeyVersion();
  let { sequence, hash: prevHash } = tail;
  const rows: unknown[][] = [];
  for (let i = from; i < from + count; i += 1) {
    const kind = kindOf(i);
    const person = benchPerson(i);
    const personal = {
      actorId: kind.staff ? `staff${i % 20}` : person,
      targetId: person,
      ipAddress: `198.51.${(i >> 8) % 250}.${i % 250}`,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) bench, "quoted"',
      personalText: kind.staff ? JSON.stringify({ reason: `ticket ${i}` }) : null,
    };
    sequence += 1;
    const chained = {
      id: randomUUID(), sequence, occurredAt: new Date(start + i * AUDIT_SPACING_MS), action: kind.action, result: kind.result, reason: kind.reason,
      actorType: kind.staff ? 'staff' : 'user', targetType: 'user', sessionId: null, metadata: '{"methods":"password"}',
      personalDigest: personalDigestOf(personal, keyVersion), prevHash, keyVersion,
    };
    const hash = eventHash(chained)!;
    rows.push([
      chained.id, sequence, chained.occurredAt, chained.action, chained.result, chained.reason, chained.actorType, personal.actorId, chained.targetType, personal.targetId,
      personal.ipAddress, personal.userAgent, null, chained.metadata, personal.personalText, chained.personalDigest, prevHash, hash, keyVersion,
    ]);
    prevHash = hash;
  }
  await insertRows(db, dialect, AUDIT, rows);
  return { sequence, hash: prevHash };
}
