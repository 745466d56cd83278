import type { RequestContext } from '@/lib/http/request-context';

// Who acted is an audit concept, so every domain function that changes something takes one
// Actor from here, whichever door the change came through (account area, console, management
// API, a job), and never imports lib/api (eslint.config.mjs enforces the direction). The audit
// event, the hierarchy check and the wording of a result all read the same value.

/** A person acting on their own account, in a signed-in session. */
export type UserActor = { type: 'user'; id: string; sessionId: string | null; context: RequestContext };
/** A staff member acting in the admin console, in a signed-in session. */
export type StaffActor = { type: 'staff'; id: string; sessionId: string | null; context: RequestContext };
/** A machine client calling the management API with a client-credentials token. */
export type ClientActor = { type: 'client'; id: string; name: string; scopes: ReadonlySet<string>; context: RequestContext };
/** Gatehouse itself: a scheduled job, the start-up seed, an operator's command line. */
export type SystemActor = { type: 'system'; id: null; context: RequestContext | null };

export type Actor = UserActor | StaffActor | ClientActor | SystemActor;
/** Who may change another person's account or the console's settings: staff, or a machine client. */
export type Operator = StaffActor | ClientActor;

export const systemActor = (context: RequestContext | null = null): SystemActor => ({ type: 'system', id: null, context });

export const staffActor = (session: { user: { id: string }; sessionId: string | null }, context: RequestContext): StaffActor => ({
  type: 'staff',
  id: session.user.id,
  sessionId: session.sessionId,
  context,
});

export const userActor = (session: { user: { id: string }; sessionId: string | null }, context: RequestContext): UserActor => ({
  type: 'user',
  id: session.user.id,
  sessionId: session.sessionId,
  context,
});

/** The actor columns of an audit event (spread into recordAudit's input). */
export function auditedAs(actor: Actor) {
  return {
    actor: { type: actor.type, id: actor.id },
    sessionId: actor.type === 'user' || actor.type === 'staff' ? actor.sessionId : null,
    context: actor.context ?? undefined,
  };
}
