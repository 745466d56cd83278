import 'server-only';
import type { z } from 'zod';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { contextFromHeaders } from '@/lib/http/request-context';
import { consumeLimit } from '@/lib/rate-limit/limiters';
import { REQUEST_TARGET } from '@/lib/dsr/request-detail';
import { idSchema } from '@/lib/validation/management-api';
import { bearerToken, clientOfAccessToken } from './access-tokens';
import type { ClientActor } from '@/lib/audit/actor';
import type { ApiOperation } from './operation';
import { invalidInput, problem } from './problem';

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
/** Path parameters by name; an operation reads only those its path template has. */
type PathParams = Record<'id' | 'sessionId' | 'role', string>;
export type ApiCall<Q, B> = { caller: ClientActor; params: PathParams; query: Out<Q>; body: Out<B> };
type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * A route handler for one operation: bearer token → rate limit → scope → input validation →
 * the operation, which calls one lib/ function. Every call a client makes is audited with the
 * client as the actor (api.request), besides the domain event a change writes itself.
 */
export function apiHandler<Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
  operation: ApiOperation<Q, B>,
  run: (call: ApiCall<Q, B>) => Promise<Response>,
) {
  return async (request: Request, route?: RouteContext): Promise<Response> => {
    const token = bearerToken(request);
    const client = token ? await clientOfAccessToken(token) : null;
    if (!client) {
      return problem('unauthorized', 'Send a client-credentials access token from /oidc/token as `Authorization: Bearer <token>`.', {
        headers: { 'WWW-Authenticate': token ? 'Bearer realm="gatehouse", error="invalid_token"' : 'Bearer realm="gatehouse"' },
      });
    }
    const caller: ClientActor = { type: 'client', id: client.clientId, name: client.clientName, scopes: client.scopes, context: contextFromHeaders(request.headers) };
    const given = (await route?.params) ?? {};
    const params = Object.fromEntries([...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, String(given[name!] ?? '')])) as PathParams;
    const answer = await answerCall(operation, request, caller, params, run);
    await recordAudit(db, {
      action: 'api.request',
      result: answer.status < 400 ? 'success' : 'failure',
      actor: { type: 'client', id: caller.id },
      target: targetOf(operation, params),
      metadata: { client: caller.name, operation: operation.operationId, method: operation.method, status: answer.status },
      context: caller.context,
    });
    return answer;
  };
}

/** What the call was about, for its api.request event: the {id} names a request under /data-subject-requests, a user elsewhere. */
function targetOf(operation: ApiOperation, params: PathParams) {
  // /roles/{role} names the role by its key (role.created and role.deleted carry it in their metadata).
  if (!params.id) return params.role ? { type: 'role', id: params.role } : null;
  return { type: operation.path.startsWith('/data-subject-requests/') ? REQUEST_TARGET : 'user', id: params.id };
}

async function answerCall<Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
  operation: ApiOperation<Q, B>,
  request: Request,
  caller: ClientActor,
  params: PathParams,
  run: (call: ApiCall<Q, B>) => Promise<Response>,
): Promise<Response> {
  const limit = await consumeLimit('apiClient', caller.id);
  if (!limit.ok) return problem('rate_limited', `Try again in ${limit.retryAfterSeconds} seconds.`, { headers: { 'Retry-After': String(limit.retryAfterSeconds) } });
  if (!caller.scopes.has(operation.scope)) {
    return problem('insufficient_scope', `This operation needs the ${operation.scope} scope.`, {
      headers: { 'WWW-Authenticate': `Bearer realm="gatehouse", error="insufficient_scope", scope="${operation.scope}"` },
    });
  }
  for (const value of Object.values(params)) if (!idSchema.safeParse(value).success) return problem('not_found', 'No such resource.');
  let query: unknown;
  if (operation.query) {
    const parsed = operation.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) return invalidInput(parsed.error, 'query');
    query = parsed.data;
  }
  let body: unknown;
  if (operation.body) {
    const json = await request.json().catch(() => undefined);
    if (json === undefined) return problem('invalid_request', 'The body must be a JSON document.');
    const parsed = operation.body.safeParse(json);
    if (!parsed.success) return invalidInput(parsed.error, 'body');
    body = parsed.data;
  }
  return run({ caller, params, query: query as Out<Q>, body: body as Out<B> });
}

/** A page of a listing, the same shape everywhere. */
export function pageResponse<T>(data: T[], nextCursor: string | null) {
  return Response.json({ data, next_cursor: nextCursor });
}
