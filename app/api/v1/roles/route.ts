import { apiHandler } from '@/lib/api/handler';
import { OPERATIONS } from '@/lib/api/operations';
import { listRoles } from '@/lib/rbac/roles';

export const GET = apiHandler(OPERATIONS.listRoles, async () => Response.json({ data: await listRoles() }));
