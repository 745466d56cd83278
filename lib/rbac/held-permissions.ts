import 'server-only';
import { db } from '@/lib/db/client';
import type { Permission } from './permissions';

/** All permissions a user holds through their roles (kept apart from check.ts so it loads without Auth.js). */
export async function permissionsOf(userId: string): Promise<Set<Permission>> {
  const rows = await db.rolePermission.findMany({
    where: { role: { users: { some: { userId } } } },
    select: { permission: true },
  });
  return new Set(rows.map((r) => r.permission as Permission));
}
