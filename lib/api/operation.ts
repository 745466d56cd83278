import type { z } from 'zod';
import type { ManagementApiScope } from '@/lib/validation/management-api';

/**
 * One operation of the management API: its route, the scope it needs and the schemas that
 * validate it. Route handlers run it (lib/api/handler.ts) and the OpenAPI document is built
 * from the same objects (lib/api/openapi.ts).
 */
export type ApiOperation<Q extends z.ZodType | undefined = z.ZodType | undefined, B extends z.ZodType | undefined = z.ZodType | undefined> = {
  operationId: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** OpenAPI path template, e.g. /users/{id}. */
  path: string;
  scope: ManagementApiScope;
  summary: string;
  /** What a client must know beyond the summary: a policy, a refusal, a side effect. */
  description?: string;
  tag: string;
  query?: Q;
  body?: B;
  /** The success status and the schema of its body (none for 204). */
  response: { status: 200 | 201 | 202 | 204; schema?: z.ZodType; paginated?: boolean };
  /** Problem statuses the operation can answer with, besides 401/403/429. */
  problems?: (400 | 404 | 409)[];
};

export function defineOperation<Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(op: ApiOperation<Q, B>) {
  return op;
}
