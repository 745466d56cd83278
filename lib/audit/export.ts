import 'server-only';
import { db } from '@/lib/db/client';
import type { AuditFilter } from '@/lib/validation/audit';
import { recordAudit } from './record';
import { chainHead, logChainAnchor, type ChainAnchor } from './chain';
import { auditEventsInBatches } from './log-query';
import { auditedAs, type StaffActor } from './actor';
import { sealAuditEvents } from './sealer';

export type AuditExportFormat = 'csv' | 'json';

/** Exported columns, in order; the chain columns go too, so an export can be checked on its own. */
const COLUMNS = [
  'id', 'sequence', 'occurredAt', 'action', 'result', 'reason', 'actorType', 'actorId', 'targetType', 'targetId',
  'ipAddress', 'userAgent', 'sessionId', 'metadata', 'personalText', 'personalDigest', 'prevHash', 'hash', 'keyVersion',
] as const;

/** The action of the trailing record that carries the chain anchor in an export. */
export const EXPORT_ANCHOR_ACTION = 'audit.anchor';

type ExportRow = Record<(typeof COLUMNS)[number], string | number | Date | null>;

/**
 * RFC 4180 quoting, plus OWASP's CSV-injection guard: a cell a spreadsheet would read as a
 * formula (=, +, -, @, and tab/CR that some apps strip first) is prefixed with a single quote.
 */
export function csvCell(value: string | number | Date | null): string {
  if (value === null) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(row: ExportRow) {
  return `${COLUMNS.map((c) => csvCell(row[c])).join(',')}\r\n`;
}

function jsonOf(row: ExportRow) {
  return JSON.stringify(Object.fromEntries(COLUMNS.map((c) => [c, row[c] instanceof Date ? (row[c] as Date).toISOString() : row[c]])));
}

/**
 * The anchor as the export's last record: in CSV a row with action audit.anchor, the anchored event's
 * id, sequence and hash in their columns and the whole anchor as JSON in metadata; in JSON the anchor
 * object itself. `npm run audit:verify -- --anchor '<metadata or object>'` checks the database against it.
 */
function anchorRecord(anchor: ChainAnchor, format: AuditExportFormat) {
  if (format === 'json') return JSON.stringify(anchor);
  const row = Object.fromEntries(COLUMNS.map((c) => [c, null])) as ExportRow;
  Object.assign(row, { id: anchor.eventId, sequence: anchor.sequence, occurredAt: anchor.occurredAt, action: EXPORT_ANCHOR_ACTION, result: 'success', actorType: 'system', metadata: JSON.stringify(anchor), hash: anchor.hash, keyVersion: anchor.keyVersion });
  return csvLine(row);
}

/**
 * The filtered events as a stream, read from the database one batch at a time as the reader pulls.
 * Given an anchor (the chain head when the export began), it ends with it (anchorRecord).
 */
export function auditExportStream(filter: AuditFilter, format: AuditExportFormat, batch = 500, anchor?: ChainAnchor): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = auditEventsInBatches(filter, batch);
  let first = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(format === 'csv' ? `${COLUMNS.join(',')}\r\n` : '['));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) {
        if (anchor) {
          controller.enqueue(encoder.encode(format === 'csv' ? anchorRecord(anchor, format) : `${first ? '\n' : ',\n'}${anchorRecord(anchor, format)}`));
          first = false;
        }
        if (format === 'json') controller.enqueue(encoder.encode(first ? ']\n' : '\n]\n'));
        controller.close();
        return;
      }
      const text = next.value
        .map((row) => {
          if (format === 'csv') return csvLine(row);
          const line = `${first ? '\n' : ',\n'}${jsonOf(row)}`;
          first = false;
          return line;
        })
        .join('');
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

/**
 * Records who exported what (before any row leaves), seals the queue, then hands back the stream.
 * The chain head once that record is sealed is the export's anchor: it goes into the file and into
 * the server log, so each export leaves two copies of the head outside the database. Sealing first
 * means every event up to the export's own record leaves sealed; events written while the file
 * streams may leave before the sealer reached them, with an empty sequence, prevHash and hash (not
 * sealed yet: after the anchor, and checked against the database once sealed). If another instance
 * holds the sealer's lease past the wait, the anchor is the head as that instance left it.
 */
export async function exportAuditLog(filter: AuditFilter, format: AuditExportFormat, staff: StaffActor) {
  const filterText = JSON.stringify(filter);
  await recordAudit(db, {
    action: 'audit.exported',
    ...auditedAs(staff),
    metadata: { format },
    // A filter can hold a person's address or id: free text that erasure must be able to clear.
    personal: { filter: filterText.length > 1000 ? filterText.slice(0, 1000) : filterText },
  });
  await sealAuditEvents();
  const anchor = await chainHead();
  if (anchor) logChainAnchor(anchor);
  return auditExportStream(filter, format, 500, anchor ?? undefined);
}
