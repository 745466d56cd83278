import { apiHandler, pageResponse } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { problem } from '@/lib/api/problem';
import { apiUserOf, createUserByApi } from '@/lib/api/users';
import { searchDirectory } from '@/lib/users/directory';

export const GET = apiHandler(OPERATIONS.searchUsers, async ({ query }) => {
  const { limit, cursor, ...filters } = query;
  const page = await searchDirectory({ ...filters, after: cursor, cols: undefined }, limit);
  return pageResponse(page.users.map(apiUserOf), page.next);
});

export const POST = apiHandler(OPERATIONS.createUser, async ({ body, caller }) => {
  const created = await createUserByApi(body, caller);
  if (!created.ok) return problem(created.code, created.error);
  return Response.json(created.user, { status: 201, headers: { Location: `/api/v1/users/${created.user.id}` } });
});
