import type { RequestContext } from '@/lib/http/request-context';

// Who acted is an audit concept, so domain code that serves both staff and the management API
// names its actors from here and never imports lib/api (eslint.config.mjs enforces the direction).

/** A machine client calling the management API with a client-credentials token. */
export type ApiCaller = { clientId: string; clientName: string; scopes: ReadonlySet<string>; context: RequestContext };

/** Whether a change comes from a machine client rather than a staff member. */
export function isApiCaller<T extends object>(by: T | ApiCaller): by is ApiCaller {
  return 'clientId' in by;
}

/** The audit actor of an API call: the client, never a person. */
export function apiCallerAudit(caller: ApiCaller) {
  return { actor: { type: 'client' as const, id: caller.clientId }, context: caller.context };
}
