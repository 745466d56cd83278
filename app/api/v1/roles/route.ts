import { apiHandler } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { problem } from '@/lib/api/problem';
import { findApiRole } from '@/lib/api/roles';
import { createRole, listRoles } from '@/lib/rbac/roles';

export const GET = apiHandler(OPERATIONS.listRoles, async () => Response.json({ data: await listRoles() }));

export const POST = apiHandler(OPERATIONS.createRole, async ({ body, caller }) => {
  const created = await createRole({ key: body.key, name: body.name, description: body.description, permissions: [] }, caller);
  if (!created.ok) {
    return problem(created.code === 'key_taken' ? 'conflict' : 'invalid_request', created.error, created.field ? { errors: [{ pointer: `/${created.field}`, detail: created.error }] } : {});
  }
  return Response.json(await findApiRole(created.key), { status: 201 });
});
