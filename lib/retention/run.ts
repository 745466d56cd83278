import 'server-only';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { auditedAs, systemActor, type StaffActor, type SystemActor } from '@/lib/audit/actor';
import { withLease, renewLease } from '@/lib/jobs/lease';
import { runDueErasures } from '@/lib/users/erasure';
import { describeCount, isRetentionCategory, type RetentionCategory } from './catalogue';
import { CATEGORY_RULES, type CategoryResult } from './categories';
import { DEFAULT_BATCH_SIZE } from './batches';
import { heldUsers } from './legal-hold';

export type RunTrigger = 'manual' | 'schedule' | 'cli';

export type RunOptions = {
  trigger: RunTrigger;
  /** The staff member behind a manual run; scheduled and command-line runs are the system's (the default). */
  by?: StaffActor | SystemActor;
  /** "Now", for the cutoff: tests move it; everyone else leaves it out. */
  now?: Date;
  batchSize?: number;
};

export type RunOutcome = { ok: true; runId: string; affected: number; message: string } | { ok: false; formError: string };

/** One retention job at a time across every instance and the cron script. */
export const RETENTION_LEASE = 'retention';
const LEASE_MS = 30 * 60 * 1000;
const BUSY: RunOutcome = { ok: false, formError: 'Another retention run is in progress. Try again in a few minutes.' };

type Policy = { id: string; category: string; keepDays: number; action: string; enabled: boolean };

export function cutoffFor(keepDays: number, now = new Date()) {
  return new Date(now.getTime() - keepDays * 24 * 60 * 60 * 1000);
}

const actorOf = (options: RunOptions) => auditedAs(options.by ?? systemActor());

function categoryOf(policy: Policy): RetentionCategory {
  if (!isRetentionCategory(policy.category)) throw new Error(`unknown retention category ${policy.category}`);
  return policy.category;
}

/** Counts what the policy would affect with its current settings (enabled or not), and records that it was asked. Changes nothing else. */
export async function dryRunPolicy(policyId: string, options: RunOptions): Promise<RunOutcome> {
  const policy = await db.retentionPolicy.findUnique({ where: { id: policyId } });
  if (!policy) return { ok: false, formError: 'This policy no longer exists.' };
  const category = categoryOf(policy);
  const counted = await CATEGORY_RULES[category].count(cutoffFor(policy.keepDays, options.now), await heldUsers());
  const run = await db.$transaction(async (tx) => {
    const created = await tx.retentionRun.create({
      data: {
        policyId: policy.id, dryRun: true, affected: counted.affected, trigger: options.trigger, startedById: options.by?.id ?? null,
        status: 'completed', details: JSON.stringify({ keepDays: policy.keepDays, action: policy.action, ...counted.details }), finishedAt: new Date(),
      },
    });
    await recordAudit(tx, {
      action: 'retention.dry_run',
      target: { type: 'retention_policy', id: policy.id },
      metadata: { category, keepDays: policy.keepDays, affected: counted.affected, runId: created.id },
      ...actorOf(options),
    });
    return created;
  });
  return { ok: true, runId: run.id, affected: counted.affected, message: describeCount(category, policy.action, counted.affected, true) };
}

/** Applies one policy (the caller holds the lease): a RetentionRun row from start to finish, audited at the end. */
async function applyPolicy(policy: Policy, options: RunOptions): Promise<RunOutcome> {
  const category = categoryOf(policy);
  const run = await db.retentionRun.create({
    data: { policyId: policy.id, dryRun: false, affected: 0, trigger: options.trigger, startedById: options.by?.id ?? null, status: 'running' },
  });
  const actor = actorOf(options);
  let result: CategoryResult;
  try {
    result = await CATEGORY_RULES[category].apply(cutoffFor(policy.keepDays, options.now), await heldUsers(), {
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      by: options.by ?? systemActor(),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.$transaction(async (tx) => {
      await tx.retentionRun.update({ where: { id: run.id }, data: { status: 'failed', error: message.slice(0, 1000), finishedAt: new Date() } });
      await recordAudit(tx, { action: 'retention.run_failed', result: 'failure', target: { type: 'retention_policy', id: policy.id }, metadata: { category, runId: run.id }, ...actor });
    });
    return { ok: false, formError: 'The run failed; the error is in the run history.' };
  }
  await db.$transaction(async (tx) => {
    await tx.retentionRun.update({
      where: { id: run.id },
      data: {
        status: 'completed', affected: result.affected, finishedAt: new Date(),
        details: JSON.stringify({ keepDays: policy.keepDays, action: policy.action, ...result.details }),
      },
    });
    await recordAudit(tx, {
      action: 'retention.run_completed',
      target: { type: 'retention_policy', id: policy.id },
      metadata: { category, keepDays: policy.keepDays, affected: result.affected, runId: run.id },
      ...actor,
    });
  });
  return { ok: true, runId: run.id, affected: result.affected, message: describeCount(category, policy.action, result.affected, false) };
}

/** "Run now" for one enabled policy, under the lease. */
export async function runPolicyNow(policyId: string, options: RunOptions): Promise<RunOutcome> {
  const policy = await db.retentionPolicy.findUnique({ where: { id: policyId } });
  if (!policy) return { ok: false, formError: 'This policy no longer exists.' };
  if (!policy.enabled) return { ok: false, formError: 'Enable the policy before running it; a dry run works either way.' };
  const leased = await withLease(RETENTION_LEASE, LEASE_MS, () => applyPolicy(policy, options));
  return leased.acquired ? leased.result : BUSY;
}

export type RetentionSweep = { ran: false } | { ran: true; runs: (RunOutcome & { category: string })[]; erased: number };

/**
 * Every enabled policy, then the erasures whose grace period is over: what the scheduler
 * does on each tick and `npm run retention:run` does from cron. Returns { ran: false } at
 * once when another instance is already at it.
 */
export async function runRetention(options: RunOptions): Promise<RetentionSweep> {
  const leased = await withLease(RETENTION_LEASE, LEASE_MS, async (lease) => {
    const policies = await db.retentionPolicy.findMany({ where: { enabled: true }, orderBy: { category: 'asc' } });
    const runs: (RunOutcome & { category: string })[] = [];
    for (const policy of policies) {
      runs.push({ category: policy.category, ...(await applyPolicy(policy, options)) });
      // A long purge keeps the lease; if it was lost meanwhile, another instance carries on.
      if (!(await renewLease(lease, LEASE_MS))) return { runs, erased: 0 };
    }
    const { erased } = await runDueErasures(options.now);
    return { runs, erased };
  });
  return leased.acquired ? { ran: true, ...leased.result } : { ran: false };
}
