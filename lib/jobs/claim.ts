import 'server-only';
import type { DbOrTx } from '@/lib/db/client';
import { retryDelayMs, type RetryPolicy } from './backoff';

/**
 * Claiming and settling work in a table of it (background jobs, webhook deliveries), written
 * once. A row is claimed with a compare-and-set on its state, so several runners (app
 * instances, the CLI) never take the same one: on PostgreSQL the second UPDATE waits for the
 * first's row lock and then no longer matches; SQLite has one writer. A claim lasts longer
 * than an attempt may take, so only a crashed runner's claims expire, and a row whose claim
 * expired is due again. Only the holder of a claim settles it: if it expired and another
 * runner took over, the late holder's result is dropped and the new holder's counts.
 */

/** How long a claim lasts. Attempts must finish well within it (their own timeouts are shorter). */
export const CLAIM_MS = 60_000;

export type DueWhere = {
  OR: [{ status: 'pending'; nextAttemptAt: { lte: Date } }, { status: string; lockedUntil: { lt: Date } }];
};
type HeldWhere = { status: string; lockedUntil: Date };
type StateData = { status: string; lockedUntil: Date | null; attempts?: number; nextAttemptAt?: Date };

/** A table of work with the columns this needs: status, attempts, nextAttemptAt and lockedUntil. */
export type WorkTable<Extra extends object = object> = {
  /** What the table calls work in progress: "running" for jobs, "delivering" for webhook deliveries. */
  running: string;
  /** Ids of due rows, first due first; the table may narrow `due` (enabled endpoints, known jobs). */
  dueIds(due: DueWhere, limit: number): Promise<string[]>;
  /** A conditional update (updateMany) through `client`: the root client or a transaction. */
  update(client: DbOrTx, where: { id: string } & (DueWhere | HeldWhere), data: StateData & Extra): Promise<{ count: number }>;
};

export type Claim = { id: string; lockedUntil: Date };

function due(table: WorkTable, now: Date): DueWhere {
  return {
    OR: [
      { status: 'pending', nextAttemptAt: { lte: now } },
      { status: table.running, lockedUntil: { lt: now } },
    ],
  };
}

/** Claims one row if it is due now; null when it is not (another runner has it, or it is done). */
export async function claimOne<E extends object>(table: WorkTable<E>, client: DbOrTx, id: string, now: Date): Promise<Claim | null> {
  const lockedUntil = new Date(now.getTime() + CLAIM_MS);
  const taken = await table.update(client, { id, ...due(table, now) }, { status: table.running, lockedUntil } as StateData & E);
  return taken.count === 1 ? { id, lockedUntil } : null;
}

/** Claims up to `limit` due rows, one by one. */
export async function claimDue<E extends object>(table: WorkTable<E>, client: DbOrTx, now: Date, limit: number): Promise<Claim[]> {
  const claims: Claim[] = [];
  for (const id of await table.dueIds(due(table, now), limit)) {
    const claim = await claimOne(table, client, id, now);
    if (claim) claims.push(claim);
  }
  return claims;
}

export type Outcome = 'succeeded' | 'retrying' | 'failed';

/**
 * The state after an attempt: succeeded, pending again after the policy's next delay, or
 * failed once the policy has no delay left (or the failure is one no retry can mend).
 */
export function afterAttempt(attempt: { ok: boolean; attempts: number; permanent?: boolean }, policy: RetryPolicy, at: Date) {
  const delay = attempt.ok || attempt.permanent ? null : retryDelayMs(policy, attempt.attempts);
  const outcome: Outcome = attempt.ok ? 'succeeded' : delay === null ? 'failed' : 'retrying';
  const data = {
    status: outcome === 'retrying' ? 'pending' : outcome,
    attempts: attempt.attempts,
    lockedUntil: null,
    ...(delay === null ? {} : { nextAttemptAt: new Date(at.getTime() + delay) }),
  };
  return { outcome, data };
}

/** Writes the state after an attempt if the claim is still this runner's; false if it was lost. */
export async function settleClaim<E extends object>(table: WorkTable<E>, client: DbOrTx, claim: Claim, data: StateData & E): Promise<boolean> {
  const settled = await table.update(client, { id: claim.id, status: table.running, lockedUntil: claim.lockedUntil }, data);
  return settled.count === 1;
}

export type WorkSummary = { claimed: number; succeeded: number; retrying: number; failed: number };

/** Runs every claim at once and counts the outcomes; a claim whose run threw (a bug) is logged and left to expire. */
export async function runClaims(claims: Claim[], run: (claim: Claim) => Promise<Outcome | 'lost'>, label: string): Promise<WorkSummary> {
  const summary: WorkSummary = { claimed: claims.length, succeeded: 0, retrying: 0, failed: 0 };
  for (const result of await Promise.allSettled(claims.map(run))) {
    if (result.status === 'rejected') console.error(`${label}:`, result.reason);
    else if (result.value !== 'lost') summary[result.value] += 1;
  }
  return summary;
}

/** Repeats rounds until one claims nothing (the CLI, a test); work scheduled for later is left for later. */
export async function runUntilIdle(round: () => Promise<WorkSummary>): Promise<WorkSummary> {
  const total: WorkSummary = { claimed: 0, succeeded: 0, retrying: 0, failed: 0 };
  for (;;) {
    const summary = await round();
    for (const key of Object.keys(total) as (keyof WorkSummary)[]) total[key] += summary[key];
    if (summary.claimed === 0) return total;
  }
}

const timers = globalThis as unknown as { gatehouseWorkTimers?: Map<string, NodeJS.Timeout> };

/**
 * Runs `work` in this process every `seconds` (0: never), one run at a time, under `key` so a
 * dev hot reload does not start a second timer. The timer does not keep the process alive.
 */
export function runEvery(key: string, seconds: number, work: () => Promise<unknown>, label: string) {
  timers.gatehouseWorkTimers ??= new Map();
  if (seconds === 0 || timers.gatehouseWorkTimers.has(key)) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await work();
    } catch (error) {
      console.error(`${label}:`, error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, seconds * 1000);
  timer.unref();
  timers.gatehouseWorkTimers.set(key, timer);
}

export function stopRunning(key: string) {
  clearInterval(timers.gatehouseWorkTimers?.get(key));
  timers.gatehouseWorkTimers?.delete(key);
}
