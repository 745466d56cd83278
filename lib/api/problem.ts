import type { z } from 'zod';

// Every error of the management API is an RFC 9457 problem details document. `type` is a
// stable URI per kind of problem, so a client can branch on it without parsing prose.

export type FieldProblem = { pointer: string; detail: string };
type Problem = { status: number; title: string; detail?: string; errors?: FieldProblem[] };

export const PROBLEM_TYPES = {
  invalid_request: { status: 400, title: 'Your request is not valid' },
  unauthorized: { status: 401, title: 'A valid access token is required' },
  insufficient_scope: { status: 403, title: 'The access token lacks the scope this operation needs' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  rate_limited: { status: 429, title: 'Too many requests' },
} as const;
export type ProblemKind = keyof typeof PROBLEM_TYPES;

export function problemTypeUri(kind: ProblemKind) {
  return `https://gatehouse.dev/problems/${kind.replace(/_/g, '-')}`;
}

export function problem(kind: ProblemKind, detail?: string, extra: { errors?: FieldProblem[]; headers?: Record<string, string> } = {}) {
  const { status, title } = PROBLEM_TYPES[kind];
  const body: Problem & { type: string } = { type: problemTypeUri(kind), title, status, ...(detail ? { detail } : {}), ...(extra.errors ? { errors: extra.errors } : {}) };
  return Response.json(body, { status, headers: { 'Content-Type': 'application/problem+json', ...extra.headers } });
}

/** A zod failure as problem details, one entry per field with a JSON Pointer (RFC 6901) to it. */
export function invalidInput(error: z.ZodError, where: 'body' | 'query') {
  const errors = error.issues.map((issue) => ({
    pointer: `${where === 'body' ? '' : '/query'}/${issue.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
    detail: issue.message,
  }));
  return problem('invalid_request', 'Some fields are missing or not valid; see errors.', { errors });
}
