import 'server-only';
import { findRole } from '@/lib/rbac/roles';

/** One role as the API shows it (apiRoleSchema), or null. */
export async function findApiRole(key: string) {
  const role = await findRole(key);
  if (!role) return null;
  const { members, ...rest } = role;
  return { ...rest, memberCount: members.length };
}
