import 'server-only';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { auditedAs, type StaffActor } from '@/lib/audit/actor';
import { CATEGORY_DESCRIPTIONS, RETENTION_CATEGORIES, isRetentionCategory } from './catalogue';

/** The policies in catalogue order, each with its latest run (real or dry). */
export async function listRetentionPolicies() {
  const policies = await db.retentionPolicy.findMany({
    include: { runs: { orderBy: { startedAt: 'desc' }, take: 1 } },
  });
  return policies
    .filter((p) => isRetentionCategory(p.category))
    .sort((a, b) => RETENTION_CATEGORIES.indexOf(a.category as never) - RETENTION_CATEGORIES.indexOf(b.category as never))
    .map(({ runs, ...policy }) => ({ ...policy, lastRun: runs[0] ?? null }));
}

export type RetentionPolicyView = Awaited<ReturnType<typeof listRetentionPolicies>>[number];

export async function updateRetentionPolicy(
  input: { category: string; keepDays: number; action: string; enabled: boolean },
  staff: StaffActor,
): Promise<{ ok: true; message: string } | { ok: false; formError: string }> {
  return db.$transaction(async (tx) => {
    const before = await tx.retentionPolicy.findUnique({ where: { category: input.category } });
    if (!before) return { ok: false, formError: 'This policy no longer exists.' };
    await tx.retentionPolicy.update({
      where: { id: before.id },
      data: { keepDays: input.keepDays, action: input.action, enabled: input.enabled, updatedById: staff.id },
    });
    await recordAudit(tx, {
      action: 'retention.policy_updated',
      ...auditedAs(staff),
      target: { type: 'retention_policy', id: before.id },
      metadata: {
        category: input.category,
        keepDays: input.keepDays,
        previousKeepDays: before.keepDays,
        action: input.action,
        enabled: input.enabled,
        wasEnabled: before.enabled,
      },
    });
    const title = isRetentionCategory(input.category) ? CATEGORY_DESCRIPTIONS[input.category].title : input.category;
    return { ok: true, message: `${title}: saved${input.enabled ? ' and enabled' : ' (disabled)'}.` };
  });
}

/** The newest runs, with who started them, for the history table. */
export async function retentionRunHistory(take = 50) {
  const runs = await db.retentionRun.findMany({ orderBy: { startedAt: 'desc' }, take, include: { policy: { select: { category: true } } } });
  const starterIds = [...new Set(runs.map((r) => r.startedById).filter((id): id is string => Boolean(id)))];
  const starters = await db.user.findMany({ where: { id: { in: starterIds } }, select: { id: true, email: true } });
  const emailOf = new Map(starters.map((u) => [u.id, u.email]));
  return runs.map((r) => ({
    id: r.id,
    category: r.policy.category,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    trigger: r.trigger,
    startedBy: r.startedById ? (emailOf.get(r.startedById) ?? 'a former staff member') : null,
    dryRun: r.dryRun,
    affected: r.affected,
    status: r.status,
    error: r.error,
    details: parseDetails(r.details),
  }));
}

function parseDetails(text: string | null): Record<string, number | string> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, number | string>) : {};
  } catch {
    return {};
  }
}
