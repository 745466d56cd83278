import 'server-only';
import { cache } from 'react';
import { notFound } from 'next/navigation';
import { permissionsOf } from './held-permissions';
import { requireSession, type CurrentSession } from '@/lib/auth/current-session';
import type { Permission } from './permissions';

export { permissionsOf };

const currentPermissions = cache(async (userId: string) => permissionsOf(userId));

/**
 * The one authorisation check for the console: every admin page, action and route
 * handler calls it where the data is touched. Without the permission the answer is
 * 404, so the console's existence is not advertised to customers.
 */
export async function requirePermission(permission: Permission, returnTo = '/admin'): Promise<CurrentSession> {
  const session = await requireSession(returnTo);
  const held = await currentPermissions(session.user.id);
  if (!held.has(permission)) notFound();
  return session;
}

export async function currentUserCan(permission: Permission): Promise<boolean> {
  const session = await requireSession('/admin');
  return (await currentPermissions(session.user.id)).has(permission);
}
