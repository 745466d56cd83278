'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { adminAction, refusalFrom } from '@/lib/rbac/admin-action';
import { createConnection, setConnectionEnabled, updateConnection } from '@/lib/federation/connections';
import { connectionIdSchema, createConnectionSchema, updateConnectionSchema } from '@/lib/validation/federation';

const PAGE = '/admin/connections';
const connection = { page: ([id]: readonly [string, ...unknown[]]) => `${PAGE}/${id}`, gone: 'This connection no longer exists.' };

// A connection decides who may speak for a whole email domain: as sensitive as a role, so a
// recent sign-in first (ASVS 5.0 V7.5.3).

export const createConnectionAction = adminAction(
  'connections:manage',
  z.tuple([createConnectionSchema]),
  async ([input], staff) => {
    const result = await createConnection(input, staff);
    if (!result.ok) return refusalFrom(result);
    revalidatePath(PAGE);
    redirect(`${PAGE}/${result.id}?created=1`);
  },
  { page: PAGE, stepUp: true },
);

export const updateConnectionAction = adminAction(
  'connections:manage',
  z.tuple([connectionIdSchema, updateConnectionSchema]),
  async ([id, input], staff) => {
    const result = await updateConnection(id, input, staff);
    if (!result.ok) return refusalFrom(result);
    revalidatePath(PAGE, 'layout');
    return { ok: true as const, message: 'The connection is saved.' };
  },
  { ...connection, stepUp: true },
);

export const setConnectionEnabledAction = adminAction(
  'connections:manage',
  z.tuple([connectionIdSchema, z.boolean()]),
  async ([id, enabled], staff) => {
    const result = await setConnectionEnabled(id, enabled, staff);
    if (!result.ok) return refusalFrom(result);
    revalidatePath(PAGE, 'layout');
    return { ok: true as const, message: enabled ? 'The connection is switched on.' : 'The connection is switched off: its domains sign in like everyone else.' };
  },
  // Switching on is what puts the connection in charge of its domains; switching off only sends people back to passwords.
  { ...connection, stepUp: ([, enabled]) => enabled },
);
