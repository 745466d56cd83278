import { randomBytes } from 'node:crypto';
import type { Db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { hashPassword } from '@/lib/auth/passwords';
import { DEFAULT_CONSENT_PURPOSES } from '@/lib/consent/purposes';
import { DEFAULT_PROFILE_FIELDS } from '@/lib/profile/fields';
import { BUILT_IN_ROLES } from '@/lib/rbac/permissions';
import { DEFAULT_RETENTION_POLICIES } from '@/lib/retention/defaults';
import { afterLease } from '@/lib/jobs/lease';

export type SeedResult = { admin: { email: string; generatedPassword: string | null } | null };

/**
 * Idempotent: safe on every start. Built-in roles are kept in step with the
 * permission catalogue; fields, purposes and policies are only created when
 * missing, so what administrators changed survives restarts.
 *
 * One process at a time: replicas started together on an empty database would otherwise each
 * find a purpose or the administrator missing and both create it (a unique violation that stops
 * one replica, or two administrators' passwords printed and only the last one valid).
 */
export function seed(db: Db, admin: { email?: string; password?: string }): Promise<SeedResult> {
  return afterLease('seed', { ttlMs: 60_000, waitMs: 120_000, client: db }, () => seedNow(db, admin));
}

async function seedNow(db: Db, admin: { email?: string; password?: string }): Promise<SeedResult> {
  for (const [key, role] of Object.entries(BUILT_IN_ROLES)) {
    await db.$transaction(async (tx) => {
      const saved = await tx.role.upsert({
        where: { key },
        create: { key, name: role.name, description: role.description, builtIn: true },
        update: { name: role.name, description: role.description, builtIn: true },
      });
      await tx.rolePermission.deleteMany({ where: { roleId: saved.id } });
      if (role.permissions.length > 0) {
        await tx.rolePermission.createMany({ data: role.permissions.map((permission) => ({ roleId: saved.id, permission })) });
      }
    });
  }

  for (const [index, purpose] of DEFAULT_CONSENT_PURPOSES.entries()) {
    const existing = await db.consentPurpose.findUnique({ where: { key: purpose.key } });
    if (existing) continue;
    await db.consentPurpose.create({
      data: {
        key: purpose.key,
        name: purpose.name,
        kind: purpose.kind,
        required: purpose.required,
        sortOrder: index,
        versions: { create: { version: 1, title: purpose.title, text: purpose.text } },
      },
    });
  }

  for (const [index, field] of DEFAULT_PROFILE_FIELDS.entries()) {
    const { options, ...rest } = field;
    await db.profileField.upsert({
      where: { key: field.key },
      create: { ...rest, options: options?.join(','), sortOrder: index },
      update: {},
    });
  }

  for (const policy of DEFAULT_RETENTION_POLICIES) {
    await db.retentionPolicy.upsert({ where: { category: policy.category }, create: { ...policy, enabled: false }, update: {} });
  }

  return { admin: await seedAdministrator(db, admin) };
}

/** The first administrator: from ADMIN_EMAIL/ADMIN_PASSWORD, or generated and printed once. */
async function seedAdministrator(db: Db, input: { email?: string; password?: string }) {
  const adminRole = await db.role.findUniqueOrThrow({ where: { key: 'admin' } });
  const hasAdmin = await db.userRole.findFirst({ where: { roleId: adminRole.id } });
  if (hasAdmin) return null;
  const email = (input.email ?? 'admin@gatehouse.local').toLowerCase();
  const generatedPassword = input.password ? null : randomBytes(18).toString('base64url');
  const hash = await hashPassword(input.password ?? generatedPassword!);
  await db.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email },
      create: { email, name: 'Administrator', emailVerified: new Date(), password: { create: { hash } } },
      update: { password: { upsert: { create: { hash }, update: { hash } } } },
    });
    await tx.userRole.create({ data: { userId: user.id, roleId: adminRole.id } });
    await recordAudit(tx, {
      action: 'system.seeded',
      actor: { type: 'system' },
      target: { type: 'user', id: user.id },
      metadata: { role: 'admin', passwordGenerated: generatedPassword !== null },
    });
  });
  return { email, generatedPassword };
}
