'use server';

import { db } from '@/lib/db/client';
import { emailSchema } from '@/lib/validation/auth';
import { connectionForEmail, enterpriseProviderId } from '@/lib/federation/connections';

/**
 * Home-realm discovery for the sign-in form: the organisation IdP that signs this
 * address's domain in, if any. It says nothing about whether an account exists, only
 * which domains have a connection (which their users are told anyway).
 */
export async function discoverHomeRealmAction(email: unknown) {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return null;
  const connection = await connectionForEmail(db, parsed.data);
  return connection ? { id: enterpriseProviderId(connection.id), name: connection.name } : null;
}
