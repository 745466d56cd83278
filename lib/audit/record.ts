import type { DbOrTx } from '@/lib/db/client';
import type { AuditAction } from './actions';
import type { RequestContext } from '@/lib/http/request-context';

export type AuditEventInput = {
  action: AuditAction;
  result?: 'success' | 'failure';
  reason?: string;
  actor?: { type: 'user' | 'staff' | 'system' | 'client'; id?: string | null };
  target?: { type: string; id: string | null } | null;
  sessionId?: string | null;
  metadata?: Record<string, string | number | boolean | null>;
  context?: RequestContext;
};

/**
 * Writes one audit event. Pass the transaction that makes the change, so the event
 * and the change commit or fail together.
 */
export async function recordAudit(tx: DbOrTx, event: AuditEventInput) {
  await tx.auditEvent.create({
    data: {
      action: event.action,
      result: event.result ?? 'success',
      reason: event.reason,
      actorType: event.actor?.type ?? 'user',
      actorId: event.actor?.id ?? null,
      targetType: event.target?.type ?? null,
      targetId: event.target?.id ?? null,
      ipAddress: event.context?.ip ?? null,
      userAgent: event.context?.userAgent?.slice(0, 512) ?? null,
      sessionId: event.sessionId ?? null,
      metadata: event.metadata ? JSON.stringify(event.metadata) : null,
    },
  });
}
