import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import type { CreateUserInput, UpdateUserInput } from '@/lib/validation/management-api';
import { mayActOn } from '@/lib/rbac/hierarchy';
import { auditedAs, type ClientActor } from '@/lib/audit/actor';

/**
 * Why this client may not touch this person (they are staff: STAFF_ACCOUNT_VIA_API), or null.
 * Reads count as much as changes: a staff member's sessions (device, IP) and consents are not
 * for a machine token either.
 */
export async function staffOutOfReach(caller: ClientActor, userId: string, tx: DbOrTx = db) {
  const reach = await mayActOn(tx, caller, userId);
  return reach.ok ? null : reach.error;
}

// The management API's own user operations: creating and editing an account on a client's
// behalf. Search, suspension, sessions and erasure reuse lib/users and lib/auth.

const USER_FIELDS = {
  id: true,
  email: true,
  name: true,
  status: true,
  emailVerified: true,
  createdAt: true,
  lastSignInAt: true,
  roles: { select: { role: { select: { key: true } } } },
} as const;

type UserRow = {
  id: string;
  email: string;
  name: string | null;
  status: string;
  emailVerified: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  roles: { role: { key: string } }[] | { key: string }[];
};

/** A user as the API shows it (apiUserSchema). */
export function apiUserOf(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    status: user.status,
    emailVerified: user.emailVerified !== null,
    roles: user.roles.map((r) => ('role' in r ? r.role.key : r.key)),
    createdAt: user.createdAt.toISOString(),
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
  };
}

export async function findApiUser(id: string) {
  const user = await db.user.findUnique({ where: { id }, select: USER_FIELDS });
  return user ? apiUserOf(user) : null;
}

export type ApiUserResult = { ok: true; user: ReturnType<typeof apiUserOf> } | { ok: false; code: 'not_found' | 'conflict'; error: string };

/**
 * Creates a passwordless account, given the customer role as at sign-up. The person signs in
 * with an emailed link or code, or sets a password by resetting it. Documents are not accepted
 * on their behalf: they are asked on first sign-in.
 */
export async function createUserByApi(input: CreateUserInput, caller: ClientActor): Promise<ApiUserResult> {
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
      return { ok: false, code: 'conflict', error: 'An account with this email address already exists.' };
    }
    const user = await tx.user.create({
      data: { email: input.email, name: input.name ?? null, emailVerified: input.emailVerified ? new Date() : null },
    });
    await emitWebhookEvent(tx, 'user.created', { userId: user.id, method: 'api' });
    const customer = await tx.role.findUnique({ where: { key: 'customer' } });
    if (customer) {
      await tx.userRole.create({ data: { userId: user.id, roleId: customer.id } });
      await emitWebhookEvent(tx, 'role.assigned', { userId: user.id, role: customer.key });
    }
    await recordAudit(tx, {
      action: 'api.user_created',
      target: { type: 'user', id: user.id },
      metadata: { client: caller.name, emailVerified: input.emailVerified },
      ...auditedAs(caller),
    });
    return { ok: true, user: apiUserOf(await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: USER_FIELDS })) };
  });
}

export async function updateUserByApi(id: string, input: UpdateUserInput, caller: ClientActor): Promise<ApiUserResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { id: true, status: true, emailVerified: true } });
    if (!user) return { ok: false, code: 'not_found', error: 'No user has this id.' };
    if (user.status === 'erased') return { ok: false, code: 'conflict', error: 'This account was erased.' };
    const outOfReach = await staffOutOfReach(caller, id, tx);
    if (outOfReach) return { ok: false, code: 'conflict', error: outOfReach };
    const changes = Object.keys(input).filter((k) => input[k as keyof UpdateUserInput] !== undefined);
    await tx.user.update({
      where: { id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        // Keeps the original confirmation time when it was already confirmed.
        ...(input.emailVerified !== undefined ? { emailVerified: input.emailVerified ? (user.emailVerified ?? new Date()) : null } : {}),
      },
    });
    await emitWebhookEvent(tx, 'user.updated', { userId: id, changes });
    await recordAudit(tx, {
      action: 'api.user_updated',
      target: { type: 'user', id },
      metadata: { client: caller.name, changes: changes.join(',') },
      ...auditedAs(caller),
    });
    return { ok: true, user: apiUserOf(await tx.user.findUniqueOrThrow({ where: { id }, select: USER_FIELDS })) };
  });
}
