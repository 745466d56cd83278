import pg from 'pg';
import type { DbOrTx } from '@/lib/db/client';
import { resolveDatabase } from '@/lib/db/url';
import { personalDigestMatches, sealInputOf, sha256, type AuditRow } from './seal';

// How "Verify integrity" reads the sealed chain: in sequence order, a batch at a time, as links
// the walk can check without the whole row (lib/audit/chain.ts verifyAuditChain).
//
// Reading 10M rows through Prisma cost more than checking them: about 10 µs a row of decoding on the
// main thread, 7 µs even through node-postgres alone, one string per column, and Prisma added 23 µs
// a row to a raw query's one long string. So on PostgreSQL the walk reads through node-postgres on
// a connection of its own, and each event arrives as one line: its columns separated by tabs, SQL
// NULL written as the control character U+0001. (Having the database spell the JSON seal input
// itself was tried: to_json per column cost 25 µs a row there.) The database also says of each row whether any of its
// text columns holds U+0001 (a row without one is *plain*): then U+0001 means NULL and nothing else.
// Tabs and newlines need no such flag: a value can add separators but never remove one, so a line
// holding one in a value cannot pass for a well-formed line (it has too many fields, or the batch too many lines, and
// then the batch is read as rows). A row that is not plain, and any link that does not check, is
// read again as a whole row and judged by the same code as on SQLite. So this reading can only ever
// make an event look worse than it is, never better. A value with another control character (a
// carriage return, say) is quoted raw below, where JSON.stringify would escape it: such a seal
// input is no JSON.stringify output, so it matches no seal, and the row is judged whole.

/** One sealed event as the walk sees it. id, prevHash and hash are JSON text ("…" or null), compared as such. */
export type SealedLink = {
  sequence: number;
  idJson: string;
  prevHashJson: string;
  hashJson: string;
  keyVersion: number | null;
  /** The personal fields match their digest (a row erasure redacted does not: it is judged as a whole row). */
  digestMatches: boolean;
  /** sealInputOf() of the row; empty when it was not read plain, and then the link does not check. */
  sealInput: string;
};

export type SealedBatch = {
  links: SealedLink[];
  /** The highest sequence read: the next batch starts after it. */
  last: number | null;
  /** Whole rows, when the batch was read as rows (SQLite, or a batch that did not split). */
  rows?: Map<number, AuditRow>;
};

/** The text columns of a line, after the plain flag, the sequence, the time (epoch ms) and the key version. */
const TEXT_COLUMNS = [
  'id', 'action', 'result', 'reason', 'actorType', 'targetType', 'sessionId', 'metadata', 'personalDigest', 'prevHash', 'hash',
  'actorId', 'targetId', 'ipAddress', 'userAgent', 'personalText',
] as const;
const FIELDS = 4 + TEXT_COLUMNS.length;
/** How a line says SQL NULL: a control character, which no plain value holds. */
const NULL = '\u0001';

/** A line: whether the row is plain (no U+0001 in a text column, so U+0001 can mean NULL), then the fields. */
const LINE = `concat_ws(E'\\t', CASE WHEN strpos(concat(${TEXT_COLUMNS.map((c) => `"${c}"`).join(', ')}), chr(1)) > 0 THEN '0' ELSE '1' END,
  "sequence", (extract(epoch FROM "occurredAt") * 1000)::bigint, coalesce("keyVersion"::text, chr(1)), ${TEXT_COLUMNS.map((c) => `coalesce("${c}", chr(1))`).join(', ')})`;

const POSTGRES_BATCH = `SELECT ${LINE} FROM "AuditEvent" WHERE "sequence" >= $1 ORDER BY "sequence" LIMIT $2`;

/**
 * JSON.stringify of a column without control characters: only a quote or a backslash needs escaping
 * then (PostgreSQL text holds no lone surrogates), and most values have neither.
 */
const quoted = (value: string) => (value === NULL ? 'null' : value.includes('"') || value.includes('\\') ? JSON.stringify(value) : `"${value}"`);

/** The links of a batch's lines, or null when a line does not split into its fields. */
function parseLines(lines: string[]): SealedLink[] | null {
  const links: SealedLink[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i += 1) {
    const f = lines[i]!.split('\t');
    if (f.length !== FIELDS) return null;
    const [plain, sequence, ms, version, id, action, result, reason, actorType, targetType, sessionId, metadata, personalDigest, prevHash, hash, actorId, targetId, ipAddress, userAgent, personalText] = f as [string, ...string[]] & string[];
    const keyVersion = version === NULL ? null : Number(version);
    const link: SealedLink = { sequence: Number(sequence), idJson: quoted(id!), prevHashJson: quoted(prevHash!), hashJson: quoted(hash!), keyVersion, digestMatches: false, sealInput: '' };
    if (plain === '1' && personalDigest !== NULL) {
      // sealInputOf() and personalDigestOf() for a plain row.
      const time = new Date(Number(ms)).toISOString();
      const fields = `[${link.idJson},${sequence},"${time}",${quoted(action!)},${quoted(result!)},${quoted(reason!)},${quoted(actorType!)},${quoted(targetType!)},${quoted(sessionId!)},${quoted(metadata!)},${quoted(personalDigest!)},${link.prevHashJson}`;
      link.sealInput = keyVersion === null ? `${fields}]` : `${fields},${version}]`;
      const dot = personalDigest!.indexOf('.');
      const salt = dot < 0 ? personalDigest! : personalDigest!.slice(0, dot);
      const covered = `[${quoted(salt)},${quoted(actorId!)},${quoted(targetId!)},${quoted(ipAddress!)},${quoted(userAgent!)}${keyVersion === null ? '' : `,${quoted(personalText!)}`}]`;
      link.digestMatches = dot >= 0 && personalDigest!.slice(dot + 1) === sha256(covered);
    }
    links[i] = link;
  }
  return links;
}

/** A whole row as a link, judged here: how SQLite reads, and the fallback on PostgreSQL. */
export function linkOfRow(row: AuditRow): SealedLink {
  const sequence = row.sequence!;
  return {
    sequence,
    idJson: JSON.stringify(row.id),
    prevHashJson: JSON.stringify(row.prevHash),
    hashJson: JSON.stringify(row.hash),
    keyVersion: row.keyVersion,
    digestMatches: row.personalDigest !== null && personalDigestMatches(row, row.keyVersion, row.personalDigest),
    sealInput: row.personalDigest === null ? '' : sealInputOf({ ...row, sequence, personalDigest: row.personalDigest }),
  };
}

const INT_MIN = -2_147_483_648;

type BatchReader = (from: number, take: number) => Promise<SealedBatch>;

/** Prisma's reading, whole rows: SQLite, a transaction's client, and the fallback. */
function rowReader(client: DbOrTx): BatchReader {
  return async (from, take) => {
    const rows: AuditRow[] = await client.auditEvent.findMany({ where: { sequence: { gte: from } }, orderBy: { sequence: 'asc' }, take });
    return { links: rows.map(linkOfRow), last: rows.at(-1)?.sequence ?? null, rows: new Map(rows.map((r) => [r.sequence!, r])) };
  };
}

/** node-postgres on its own connection, a line per event; a batch whose lines do not split is read as rows. */
function lineReader(connection: pg.Client, fallback: BatchReader): BatchReader {
  return async (from, take) => {
    const result = await connection.query<[string]>({ text: POSTGRES_BATCH, values: [from, take], rowMode: 'array' });
    const links = parseLines(result.rows.map((r) => r[0]));
    return links ? { links, last: links.at(-1)?.sequence ?? null } : fallback(from, take);
  };
}

/**
 * The sealed events with sequence above `after` (every one when null), in sequence order, `take`
 * at a time. The next batch is read while the caller checks this one, so the database and the
 * hashing overlap; stopping early closes everything.
 */
export async function* sealedBatches(client: DbOrTx, after: number | null, take: number): AsyncGenerator<SealedBatch> {
  const rows = rowReader(client);
  const target = resolveDatabase();
  // Only the root client: a transaction's reads must stay in its transaction.
  const connection = target.dialect === 'postgresql' && '$connect' in client ? new pg.Client({ connectionString: target.url }) : null;
  let pending: Promise<SealedBatch> | undefined;
  try {
    await connection?.connect();
    const read = connection ? lineReader(connection, rows) : rows;
    pending = read(after === null ? INT_MIN : after + 1, take);
    for (;;) {
      const batch: SealedBatch = await pending;
      pending = batch.links.length === take ? read(batch.last! + 1, take) : undefined;
      yield batch;
      if (!pending) return;
    }
  } finally {
    await pending?.catch(() => undefined);
    await connection?.end();
  }
}

/** The whole rows of some sealed events, for links that did not check as read. */
export async function sealedRows(client: DbOrTx, sequences: number[]): Promise<Map<number, AuditRow>> {
  const found = new Map<number, AuditRow>();
  for (let i = 0; i < sequences.length; i += 1000) {
    const rows: AuditRow[] = await client.auditEvent.findMany({ where: { sequence: { in: sequences.slice(i, i + 1000) } } });
    for (const row of rows) found.set(row.sequence!, row);
  }
  return found;
}
