import 'server-only';
import { db } from '@/lib/db/client';
import { parseAuditMetadata } from '@/lib/audit/describe';
import { parsePersonalText } from '@/lib/audit/record';
import { isOverdue, staffEmails } from './queue';

/** Audit target type of every event about a request (its steps, not the person). */
export const REQUEST_TARGET = 'data_request';

export type TimelineEntry = { at: Date; step: string; by: string | null; detail: string | null; failed: boolean };

const STEPS: Record<string, string> = {
  'dsr.filed': 'Filed',
  'dsr.assigned': 'Assigned',
  'dsr.started': 'Started',
  'dsr.completed': 'Completed',
  'dsr.rejected': 'Rejected',
  'dsr.erasure_refused': 'Erasure refused',
  'dsr.export_downloaded': 'Export downloaded by staff',
};

export type Evidence =
  | { kind: 'export'; format: string; generatedAt: string; counts: Record<string, number> }
  | { kind: 'erasure'; rows: Record<string, number> }
  | { kind: 'rejection'; reason: string }
  | { kind: 'unreadable' };

/** Evidence is JSON text written by this app; anything else shows as unreadable rather than failing the page. */
export function parseEvidence(text: string | null): Evidence | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value.counts && typeof value.counts === 'object') {
      return { kind: 'export', format: String(value.format ?? ''), generatedAt: String(value.generatedAt ?? ''), counts: value.counts as Record<string, number> };
    }
    if (value.rows && typeof value.rows === 'object') return { kind: 'erasure', rows: value.rows as Record<string, number> };
    if (typeof value.reason === 'string') return { kind: 'rejection', reason: value.reason };
  } catch {
    // fall through
  }
  return { kind: 'unreadable' };
}

/**
 * A request as its page shows it: the request, who filed and holds it, whether the
 * account still exists (and is under legal hold), and its timeline from the audit log.
 */
export async function requestDetail(id: string, now = new Date()) {
  const request = await db.dataSubjectRequest.findUnique({ where: { id } });
  if (!request) return null;
  const [subject, events] = await Promise.all([
    request.userId ? db.user.findUnique({ where: { id: request.userId }, select: { id: true, email: true, status: true, legalHold: true, legalHoldReason: true, deletionScheduledAt: true } }) : null,
    db.auditEvent.findMany({
      where: { targetType: REQUEST_TARGET, targetId: id },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
      select: { action: true, occurredAt: true, actorType: true, actorId: true, reason: true, result: true, metadata: true, personalText: true },
    }),
  ]);
  const metadata = events.map((e) => parseAuditMetadata(e.metadata));
  const emails = await staffEmails(db, [
    request.assigneeId,
    request.filedById,
    ...events.map((e) => e.actorId),
    ...metadata.map((m) => (typeof m.assigneeId === 'string' ? m.assigneeId : null)),
  ]);
  const nameOf = (staffId: string | null | undefined) => (staffId ? (emails.get(staffId) ?? 'a former staff member') : null);

  const timeline: TimelineEntry[] = events.map((e, i) => {
    const m = metadata[i]!;
    const detail =
      e.action === 'dsr.assigned' ? `to ${nameOf(typeof m.assigneeId === 'string' ? m.assigneeId : null) ?? 'nobody'}` : (parsePersonalText(e.personalText).reason ?? e.reason);
    return { at: e.occurredAt, step: STEPS[e.action] ?? e.action, by: e.actorType === 'staff' ? nameOf(e.actorId) : e.actorType, detail, failed: e.result === 'failure' };
  });
  // Self-service requests are made and finished by the customer's own action, not by queue steps.
  if (!events.some((e) => e.action === 'dsr.filed')) timeline.unshift({ at: request.createdAt, step: 'Filed', by: request.source === 'self_service' ? 'the customer' : null, detail: null, failed: false });
  if (request.completedAt && !events.some((e) => e.action === 'dsr.completed' || e.action === 'dsr.rejected')) {
    timeline.push({ at: request.completedAt, step: request.status === 'rejected' ? 'Rejected' : 'Completed', by: request.source === 'self_service' ? 'the customer' : null, detail: null, failed: false });
  }

  return {
    request: { ...request, overdue: isOverdue(request, now) },
    subject,
    assignee: nameOf(request.assigneeId),
    filedBy: nameOf(request.filedById),
    evidence: parseEvidence(request.evidence),
    timeline,
  };
}

export type RequestDetail = NonNullable<Awaited<ReturnType<typeof requestDetail>>>;
