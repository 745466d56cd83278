'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { isRecentlyAuthenticated, stepUpRequired } from '@/lib/auth/step-up';
import { requestContext } from '@/lib/http/request-context';
import { deleteClient, findClient, rotateClientSecret, setClientDisabled, updateClient } from '@/lib/oidc/client-administration';
import { registerClient } from '@/lib/oidc/clients';
import { forgetProvider } from '@/lib/oidc/provider';
import { currentSigningKid, rotateSigningKeysReplacing } from '@/lib/oidc/signing-keys';
import { requirePermission } from '@/lib/rbac/check';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { clientIdSchema, registerClientSchema, rotateSigningKeysSchema, type RegisterClientInput } from '@/lib/validation/oidc';

const LIST = '/admin/clients';
const STALE_KEYS = 'The signing keys changed since this page was loaded. Reload it and check before rotating.';
const NO_CLIENT = { ok: false as const, formError: 'This app no longer exists.' };

async function asClientManager(returnTo: string) {
  const session = await requirePermission('clients:manage', returnTo);
  return { session, actor: { type: 'staff' as const, id: session.user.id, context: await requestContext() } };
}

/** The id of a client that exists: checked before asking for a fresh sign-in, so a stale page says so first. */
async function existingIdOf(raw: unknown) {
  const parsed = clientIdSchema.safeParse(raw);
  return parsed.success && (await findClient(parsed.data)) ? parsed.data : null;
}

export async function registerClientAction(values: unknown) {
  const { session, actor } = await asClientManager(LIST);
  const parsed = registerClientSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, fieldErrors: fieldErrorsOf(parsed.error) };
  // Who may sign people in, and with which of their details, is as sensitive as who holds a role.
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(LIST);
  const result = await registerClient(values as RegisterClientInput, actor);
  if (!result.ok) return result.code === 'scopes_beyond_own' ? { ok: false as const, fieldErrors: { scopes: result.error } } : { ok: false as const, formError: result.error };
  revalidatePath(LIST);
  return { ok: true as const, message: `${result.client.name} is registered.`, clientId: result.clientId, clientSecret: result.clientSecret };
}

export async function updateClientAction(clientId: string, values: unknown) {
  const { session, actor } = await asClientManager(LIST);
  const id = await existingIdOf(clientId);
  const parsed = registerClientSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, fieldErrors: fieldErrorsOf(parsed.error) };
  if (!id) return NO_CLIENT;
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(`${LIST}/${id}`);
  const result = await updateClient(id, values as RegisterClientInput, actor);
  if (!result.ok) {
    if (result.code === 'type_changed') return { ok: false as const, fieldErrors: { type: result.error } };
    return result.code === 'scopes_beyond_own' ? { ok: false as const, fieldErrors: { scopes: result.error } } : { ok: false as const, formError: result.error };
  }
  revalidatePath(`${LIST}/${id}`);
  return { ok: true as const, message: 'The app is saved.' };
}

export async function rotateClientSecretAction(clientId: string) {
  const { session, actor } = await asClientManager(LIST);
  const id = await existingIdOf(clientId);
  if (!id) return NO_CLIENT;
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(`${LIST}/${id}`);
  const result = await rotateClientSecret(id, actor);
  if (!result.ok) return { ok: false as const, formError: result.error };
  return { ok: true as const, message: 'The client secret was replaced.', secret: result.clientSecret };
}

export async function setClientDisabledAction(clientId: string, disabled: boolean) {
  const { actor } = await asClientManager(LIST);
  const id = await existingIdOf(clientId);
  if (!id || typeof disabled !== 'boolean') return NO_CLIENT;
  const result = await setClientDisabled(id, disabled, actor);
  if (!result.ok) return { ok: false as const, formError: result.error };
  revalidatePath(`${LIST}/${id}`);
  return { ok: true as const, message: disabled ? 'The app is disabled: it cannot sign anyone in or get tokens.' : 'The app is enabled again.' };
}

export async function deleteClientAction(clientId: string) {
  const { session, actor } = await asClientManager(LIST);
  const id = await existingIdOf(clientId);
  if (!id) return NO_CLIENT;
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(`${LIST}/${id}`);
  const result = await deleteClient(id, actor);
  if (!result.ok) return { ok: false as const, formError: result.error };
  revalidatePath(LIST);
  redirect(LIST);
}

export async function rotateSigningKeysAction(values: unknown) {
  const { session, actor } = await asClientManager(LIST);
  const parsed = rotateSigningKeysSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, formError: 'Reload the page and try again.' };
  if ((await currentSigningKid()) !== parsed.data.replacing) return { ok: false as const, formError: STALE_KEYS };
  // Replacing the key every app verifies sign-ins with: confirm it is really the administrator.
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(`${LIST}#signing-keys-title`);
  const result = await rotateSigningKeysReplacing(parsed.data.replacing, actor);
  if (!result.ok) return { ok: false as const, formError: STALE_KEYS };
  forgetProvider();
  revalidatePath(LIST);
  return { ok: true as const, message: `New key ${result.kid} now signs tokens. The old one stays published for a week, so tokens it signed still verify.` };
}
