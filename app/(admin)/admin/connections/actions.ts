'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { isRecentlyAuthenticated, stepUpRequired } from '@/lib/auth/step-up';
import { requestContext } from '@/lib/http/request-context';
import { requirePermission } from '@/lib/rbac/check';
import { createConnection, setConnectionEnabled, updateConnection, type ConnectionFailure } from '@/lib/federation/connections';
import { connectionIdSchema, createConnectionSchema, updateConnectionSchema } from '@/lib/validation/federation';
import { fieldErrorsOf } from '@/lib/validation/field-errors';

const PAGE = '/admin/connections';
const GONE = { ok: false as const, formError: 'This connection no longer exists.' };

function failure(result: ConnectionFailure) {
  return result.field ? { ok: false as const, fieldErrors: { [result.field]: result.error } } : { ok: false as const, formError: result.error };
}

export async function createConnectionAction(values: unknown) {
  const session = await requirePermission('connections:manage', PAGE);
  const parsed = createConnectionSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, fieldErrors: fieldErrorsOf(parsed.error) };
  // A connection decides who may speak for a whole email domain: as sensitive as a role, so a recent sign-in first (ASVS 5.0 V7.5.3).
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(PAGE);
  const result = await createConnection(parsed.data, { userId: session.user.id, context: await requestContext() });
  if (!result.ok) return failure(result);
  revalidatePath(PAGE);
  redirect(`${PAGE}/${result.id}?created=1`);
}

export async function updateConnectionAction(id: unknown, values: unknown) {
  const session = await requirePermission('connections:manage', PAGE);
  const connectionId = connectionIdSchema.safeParse(id);
  if (!connectionId.success) return GONE;
  const parsed = updateConnectionSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, fieldErrors: fieldErrorsOf(parsed.error) };
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(`${PAGE}/${connectionId.data}`);
  const result = await updateConnection(connectionId.data, parsed.data, { userId: session.user.id, context: await requestContext() });
  if (!result.ok) return failure(result);
  revalidatePath(PAGE, 'layout');
  return { ok: true as const, message: 'The connection is saved.' };
}

export async function setConnectionEnabledAction(id: unknown, enabled: unknown) {
  const session = await requirePermission('connections:manage', PAGE);
  const connectionId = connectionIdSchema.safeParse(id);
  if (!connectionId.success || typeof enabled !== 'boolean') return GONE;
  // Switching on is what puts the connection in charge of its domains; switching off only sends people back to passwords.
  if (enabled && !isRecentlyAuthenticated(session)) return stepUpRequired(`${PAGE}/${connectionId.data}`);
  const result = await setConnectionEnabled(connectionId.data, enabled, { userId: session.user.id, context: await requestContext() });
  if (!result.ok) return failure(result);
  revalidatePath(PAGE, 'layout');
  return { ok: true as const, message: enabled ? 'The connection is switched on.' : 'The connection is switched off: its domains sign in like everyone else.' };
}
