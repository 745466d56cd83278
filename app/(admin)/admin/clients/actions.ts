'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { adminAction } from '@/lib/rbac/admin-action';
import { deleteClient, findClient, rotateClientSecret, setClientDisabled, updateClient } from '@/lib/oidc/client-administration';
import { registerClient } from '@/lib/oidc/clients';
import { forgetProvider } from '@/lib/oidc/provider';
import { currentSigningKid, rotateSigningKeysReplacing } from '@/lib/oidc/signing-keys';
import { clientIdSchema, registerClientSchema, rotateSigningKeysSchema } from '@/lib/validation/oidc';

// Who may sign people in, with which of their details, and the keys apps verify sign-ins with:
// as sensitive as who holds a role, so every change but switching an app off asks for a recent sign-in.

const LIST = '/admin/clients';
const STALE_KEYS = 'The signing keys changed since this page was loaded. Reload it and check before rotating.';
const client = {
  page: ([id]: readonly [string, ...unknown[]]) => `${LIST}/${id}`,
  gone: 'This app no longer exists.',
  // Checked before asking for a fresh sign-in, so a stale page says so first.
  exists: async ([id]: readonly [string, ...unknown[]]) => (await findClient(id)) !== null,
};

function scopesOrForm(result: { code: string; error: string }) {
  return result.code === 'scopes_beyond_own' ? { ok: false as const, fieldErrors: { scopes: result.error } } : { ok: false as const, formError: result.error };
}

export const registerClientAction = adminAction(
  'clients:manage',
  z.tuple([registerClientSchema]),
  async ([input], staff) => {
    const result = await registerClient(input, staff);
    if (!result.ok) return scopesOrForm(result);
    revalidatePath(LIST);
    return { ok: true as const, message: `${result.client.name} is registered.`, clientId: result.clientId, clientSecret: result.clientSecret };
  },
  { page: LIST, stepUp: true },
);

export const updateClientAction = adminAction(
  'clients:manage',
  z.tuple([clientIdSchema, registerClientSchema]),
  async ([id, input], staff) => {
    const result = await updateClient(id, input, staff);
    if (!result.ok) return result.code === 'type_changed' ? { ok: false as const, fieldErrors: { type: result.error } } : scopesOrForm(result);
    revalidatePath(`${LIST}/${id}`);
    return { ok: true as const, message: 'The app is saved.' };
  },
  { ...client, stepUp: true },
);

export const rotateClientSecretAction = adminAction(
  'clients:manage',
  z.tuple([clientIdSchema]),
  async ([id], staff) => {
    const result = await rotateClientSecret(id, staff);
    if (!result.ok) return { ok: false as const, formError: result.error };
    return { ok: true as const, message: 'The client secret was replaced.', secret: result.clientSecret };
  },
  { ...client, stepUp: true },
);

export const setClientDisabledAction = adminAction(
  'clients:manage',
  z.tuple([clientIdSchema, z.boolean()]),
  async ([id, disabled], staff) => {
    const result = await setClientDisabled(id, disabled, staff);
    if (!result.ok) return { ok: false as const, formError: result.error };
    revalidatePath(`${LIST}/${id}`);
    return { ok: true as const, message: disabled ? 'The app is disabled: it cannot sign anyone in or get tokens.' : 'The app is enabled again.' };
  },
  client,
);

export const deleteClientAction = adminAction(
  'clients:manage',
  z.tuple([clientIdSchema]),
  async ([id], staff) => {
    const result = await deleteClient(id, staff);
    if (!result.ok) return { ok: false as const, formError: result.error };
    revalidatePath(LIST);
    redirect(LIST);
  },
  { ...client, stepUp: true },
);

export const rotateSigningKeysAction = adminAction(
  'clients:manage',
  z.tuple([rotateSigningKeysSchema]),
  async ([{ replacing }], staff) => {
    const result = await rotateSigningKeysReplacing(replacing, staff);
    if (!result.ok) return { ok: false as const, formError: STALE_KEYS };
    forgetProvider();
    revalidatePath(LIST);
    return { ok: true as const, message: `New key ${result.kid} now signs tokens. The old one stays published for a week, so tokens it signed still verify.` };
  },
  {
    page: `${LIST}#signing-keys-title`,
    gone: STALE_KEYS,
    exists: async ([{ replacing }]) => (await currentSigningKid()) === replacing,
    stepUp: true,
  },
);
