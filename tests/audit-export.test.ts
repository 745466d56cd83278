import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { auditExportStream, csvCell, exportAuditLog } from '@/lib/audit/export';
import { auditLogPage } from '@/lib/audit/log-query';
import { chainHead, parseChainAnchor, verifyAuditChain } from '@/lib/audit/chain';
import { currentChainKeyVersion } from '@/lib/audit/seal';
import { auditFilterSchema } from '@/lib/validation/audit';
import { asStaff, newContext, signUpCustomer } from './support/fixtures';

async function read(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

describe('audit log viewer and exports', () => {
  it('escapes CSV cells and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    for (const lead of ['+', '-', '@']) expect(csvCell(`${lead}1`)).toBe(`'${lead}1`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(7)).toBe('7');
  });

  it('streams exactly the filtered events as CSV and JSON, across batches, and audits the export', async () => {
    const { user } = await signUpCustomer();
    for (let i = 0; i < 3; i++) {
      await recordAudit(db, { action: 'user.sign_in_failed', result: 'failure', reason: i === 0 ? '=cmd,"quoted"\nnext' : 'wrong_password', actor: { type: 'user', id: user.id }, target: { type: 'user', id: user.id }, context: newContext() });
    }
    const filter = auditFilterSchema.parse({ target: user.id, action: 'user.sign_in_failed' });

    const json = JSON.parse(await read(auditExportStream(filter, 'json', 2))) as { targetId: string; reason: string }[];
    expect(json).toHaveLength(3);
    expect(json.every((e) => e.targetId === user.id)).toBe(true);

    const csv = await read(await exportAuditLog(filter, 'csv', asStaff(user.id, 'sess')));
    expect(csv.split('\r\n')[0]).toMatch(/^id,sequence,occurredAt,action,/);
    expect(csv).toContain(`"'=cmd,""quoted""\nnext"`);
    // Header, three events, and the chain anchor as the last record.
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toContain(',audit.anchor,');
    expect(await db.auditEvent.count({ where: { action: 'audit.exported', actorId: user.id } })).toBe(1);

    // A target no event names (other test files share the database and use ids like "nobody").
    const empty = await read(auditExportStream(auditFilterSchema.parse({ target: `nobody-${randomUUID()}` }), 'json'));
    expect(JSON.parse(empty)).toEqual([]);
  });

  it('ends every export with the chain head, also written to the server log, and verifies against it', async () => {
    const { user } = await signUpCustomer();
    await recordAudit(db, { action: 'user.sign_out', actor: { type: 'user', id: user.id }, context: newContext() });
    const filter = auditFilterSchema.parse({ actor: user.id });
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    let records: Record<string, unknown>[];
    let logged: string[];
    try {
      records = JSON.parse(await read(await exportAuditLog(filter, 'json', asStaff(user.id, 'sess')))) as Record<string, unknown>[];
      logged = log.mock.calls.map((c) => String(c[0])).filter((line) => line.startsWith('{"gatehouse":"audit_anchor"'));
    } finally {
      log.mockRestore();
    }
    const anchor = parseChainAnchor(JSON.stringify(records.at(-1)));
    expect(anchor).not.toBeNull();
    // The export's own audit record is the head it anchors.
    const exported = await db.auditEvent.findFirstOrThrow({ where: { action: 'audit.exported', actorId: user.id } });
    expect(anchor).toMatchObject({ gatehouse: 'audit_anchor', eventId: exported.id, sequence: exported.sequence, hash: exported.hash, keyVersion: currentChainKeyVersion() });
    expect(logged.map((line) => parseChainAnchor(line))).toContainEqual(anchor);
    expect(records.slice(0, -1).every((r) => r.actorId === user.id)).toBe(true);
    expect(await verifyAuditChain(db, { anchor: anchor! })).toMatchObject({ ok: true, anchorChecked: true });
    expect((await chainHead())!.sequence).toBeGreaterThanOrEqual(anchor!.sequence);
    // The filter names the person: it is kept with the free text erasure clears, not in the chained metadata.
    expect(exported.metadata).toBe(JSON.stringify({ format: 'json' }));
    expect(exported.personalText).toContain(user.id);
  });

  it('pages newest first with keyset cursors both ways', async () => {
    const { user } = await signUpCustomer();
    for (let i = 0; i < 60; i++) await recordAudit(db, { action: 'user.sign_out', actor: { type: 'user', id: user.id }, context: newContext() });
    const filter = auditFilterSchema.parse({ actor: user.id, action: 'user.sign_out' });
    const first = await auditLogPage(filter);
    expect(first.events).toHaveLength(50);
    expect(first.newerCursor).toBeNull();
    const [beforeAt, beforeId] = [first.olderCursor!.slice(0, first.olderCursor!.indexOf('Z_') + 1), first.olderCursor!.slice(first.olderCursor!.indexOf('Z_') + 2)];
    const older = await auditLogPage(filter, { before: { occurredAt: new Date(beforeAt), id: beforeId } });
    expect(older.events).toHaveLength(10);
    expect(older.olderCursor).toBeNull();
    const seen = new Set([...first.events, ...older.events].map((e) => e.id));
    expect(seen.size).toBe(60);
    const newerAt = older.newerCursor!;
    const back = await auditLogPage(filter, { after: { occurredAt: new Date(newerAt.slice(0, newerAt.indexOf('Z_') + 1)), id: newerAt.slice(newerAt.indexOf('Z_') + 2) } });
    expect(back.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
  });

  it('pages oldest first when asked, in ascending order across pages', async () => {
    const { user } = await signUpCustomer();
    for (let i = 0; i < 60; i++) await recordAudit(db, { action: 'user.sign_out', actor: { type: 'user', id: user.id }, context: newContext() });
    const filter = auditFilterSchema.parse({ actor: user.id, action: 'user.sign_out' });
    const first = await auditLogPage(filter, { order: 'oldest' });
    expect(first.events).toHaveLength(50);
    expect(first.olderCursor).toBeNull();
    const cursor = (c: string) => ({ occurredAt: new Date(c.slice(0, c.indexOf('Z_') + 1)), id: c.slice(c.indexOf('Z_') + 2) });
    const next = await auditLogPage(filter, { order: 'oldest', after: cursor(first.newerCursor!) });
    expect(next.events).toHaveLength(10);
    expect(next.newerCursor).toBeNull();
    const ids = [...first.events, ...next.events].map((e) => e.id);
    const times = [...first.events, ...next.events].map((e) => e.occurredAt.getTime());
    expect(new Set(ids).size).toBe(60);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect([...ids].reverse().slice(0, 50)).toEqual((await auditLogPage(filter)).events.map((e) => e.id));
    const back = await auditLogPage(filter, { order: 'oldest', before: cursor(next.olderCursor!) });
    expect(back.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
  });
});
