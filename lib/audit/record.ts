import type { DbOrTx } from '@/lib/db/client';
import type { AuditAction } from './actions';
import type { RequestContext } from '@/lib/http/request-context';
import { appendAuditEvent } from './chain';

export type AuditEventInput = {
  action: AuditAction;
  result?: 'success' | 'failure';
  reason?: string;
  actor?: { type: 'user' | 'staff' | 'system' | 'client'; id?: string | null };
  target?: { type: string; id: string | null } | null;
  sessionId?: string | null;
  metadata?: Record<string, string | number | boolean | null>;
  /**
   * Free text that can name a person (a passkey's name, a staff member's reason or note, an export
   * filter). It is kept out of the hashed columns (in personalText, covered by the personal digest),
   * so erasure can clear it and the chain still verifies. Never put such text in reason or metadata.
   */
  personal?: Record<string, string | null>;
  context?: RequestContext;
};

/**
 * Writes one audit event: a single insert into the sealer's queue, which links it into the chain
 * moments later (lib/audit/chain.ts). Pass the transaction that makes the change, so the event and
 * the change commit or fail together; it takes no lock, so audited transactions do not wait on
 * each other.
 */
export async function recordAudit(tx: DbOrTx, event: AuditEventInput) {
  await appendAuditEvent(tx, {
    action: event.action,
    result: event.result ?? 'success',
    reason: event.reason ?? null,
    actorType: event.actor?.type ?? 'user',
    targetType: event.target?.type ?? null,
    actorId: event.actor?.id ?? null,
    targetId: event.target?.id ?? null,
    ipAddress: event.context?.ip ?? null,
    userAgent: event.context?.userAgent?.slice(0, 512) ?? null,
    sessionId: event.sessionId ?? null,
    metadata: event.metadata ? JSON.stringify(event.metadata) : null,
    personalText: personalTextOf(event.personal),
  });
}

/** A person's own event: the rest of AuditEventInput, with the person in place of actor and target. */
export type UserEventInput = Omit<AuditEventInput, 'action' | 'actor' | 'target'> & {
  /** Null when no account matched (an unknown address, an unknown passkey): the event then names no one. */
  userId: string | null;
};

/**
 * Records what a person did to their own account: actor and target are both that user, so
 * the event shows in their own activity. Same transaction rules as recordAudit. There is
 * deliberately no target override: where someone acts on another thing (an OIDC client) or
 * on another person, the call spells out recordAudit, so this name always means "their own".
 */
export function recordUserEvent(tx: DbOrTx, action: AuditAction, { userId, ...event }: UserEventInput) {
  return recordAudit(tx, { ...event, action, actor: { type: 'user', id: userId }, target: userId === null ? null : { type: 'user', id: userId } });
}

function personalTextOf(personal: AuditEventInput['personal']) {
  const given = Object.entries(personal ?? {}).filter(([, v]) => v !== null && v !== '');
  return given.length ? JSON.stringify(Object.fromEntries(given)) : null;
}

/** The free text of an event (AuditEventInput.personal), or nothing when there is none or it was erased. */
export function parsePersonalText(personalText: string | null): Record<string, string> {
  if (!personalText) return {};
  try {
    const value: unknown = JSON.parse(personalText);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}
