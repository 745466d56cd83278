import 'server-only';
import { randomUUID } from 'node:crypto';
import { db, type DbOrTx } from '@/lib/db/client';
import { decryptSecret, encryptSecret } from '@/lib/crypto/encryption';
import { afterResponse } from '@/lib/http/after-response';
import { afterAttempt, CLAIM_MS, claimDue, claimOne, runClaims, runUntilIdle, settleClaim, type Claim, type Outcome, type WorkSummary, type WorkTable } from './claim';
import { PermanentJobFailure, type JobDefinition } from './define';

/**
 * The durable job queue (the Job table). A job is written in the caller's transaction, so it
 * exists exactly when the change it follows from committed (the transactional outbox); it is
 * then run once that commit is done, soon after the response (runSoon), and if that never
 * happens (the process died, the attempt failed) by the job runner of any instance.
 *
 * Payloads are encrypted (lib/crypto/encryption.ts), bound to the job's name and id: an
 * email job carries a one-time link or code and its address, and a copy of the table (a
 * backup, a read replica) must not hand them out. A finished job keeps no payload.
 */

export type QueuedJob = { id: string; definition: JobDefinition<unknown> };

const BATCH_SIZE = 25;
/** An attempt that takes longer is counted as failed, well before its claim could be taken over. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** The encryption purpose of a job's payload: its definition's name (the owner is the job's id). */
export const jobPayloadPurpose = (name: string) => `job:${name}`;

/**
 * Writes a job through `tx` (the caller's transaction, or the root client for a job of its
 * own). `userId` names the person it is about, so erasure removes it; null when not known.
 */
export async function enqueue<P>(tx: DbOrTx, definition: JobDefinition<P>, payload: P, about: { userId: string | null; runAt?: Date }): Promise<QueuedJob> {
  const id = randomUUID();
  const checked = definition.payload.parse(payload);
  await tx.job.create({
    data: {
      id,
      name: definition.name,
      payload: encryptSecret(JSON.stringify(checked), jobPayloadPurpose(definition.name), id),
      userId: about.userId,
      nextAttemptAt: about.runAt ?? new Date(),
    },
  });
  return { id, definition };
}

type JobResult = { lastError?: string | null; payload?: null; finishedAt?: Date };

/** The Job table as a table of work (lib/jobs/claim.ts), for the jobs this runner knows. */
function jobTable(names: string[]): WorkTable<JobResult> {
  return {
    running: 'running',
    dueIds: async (due, limit) =>
      (await db.job.findMany({ where: { ...due, name: { in: names } }, orderBy: { nextAttemptAt: 'asc' }, select: { id: true }, take: limit })).map((j) => j.id),
    update: (client, where, data) => client.job.updateMany({ where, data }),
  };
}

function openPayload<P>(definition: JobDefinition<P>, job: { id: string; payload: string | null }): P {
  if (job.payload === null) throw new PermanentJobFailure('The job has no payload', 'no payload');
  let json: string;
  try {
    json = decryptSecret(job.payload, jobPayloadPurpose(definition.name), job.id);
  } catch {
    // Tampered with, copied from another job, or written under another AUTH_SECRET: no retry helps.
    throw new PermanentJobFailure('The payload cannot be decrypted', 'payload unreadable');
  }
  const parsed = definition.payload.safeParse(JSON.parse(json));
  if (!parsed.success) throw new PermanentJobFailure('The payload does not match its definition', 'payload invalid');
  return parsed.data;
}

class AttemptTimedOut extends Error {}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AttemptTimedOut()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(definition: JobDefinition<unknown>, error: unknown): string {
  if (error instanceof PermanentJobFailure) return error.reason;
  if (error instanceof AttemptTimedOut) return 'timed out';
  const described = definition.describeFailure?.(error);
  if (described) return described;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'failed';
}

type Definitions = ReadonlyMap<string, JobDefinition<unknown>>;

async function runClaimed(table: WorkTable<JobResult>, claim: Claim, definitions: Definitions, now: () => Date): Promise<Outcome | 'lost'> {
  const job = await db.job.findUnique({ where: { id: claim.id }, select: { id: true, name: true, attempts: true, payload: true } });
  const definition = job && definitions.get(job.name);
  // Erased while this runner held it (lib/users/erasure.ts): nothing left to do. (A name this runner
  // does not know is never claimed.)
  if (!job || !definition) return 'lost';
  const attempts = job.attempts + 1;
  let failure: unknown = null;
  try {
    const payload = openPayload(definition, job);
    await withTimeout(definition.handler(payload, { id: job.id, attempt: attempts }), Math.min(definition.timeoutMs ?? DEFAULT_TIMEOUT_MS, CLAIM_MS / 2));
  } catch (error) {
    failure = error;
  }
  const at = now();
  const next = afterAttempt({ ok: failure === null, attempts, permanent: failure instanceof PermanentJobFailure }, definition.retry, at);
  const reason = failure === null ? null : describe(definition, failure);
  if (reason !== null) console.error(`Job ${definition.name} ${job.id}, attempt ${attempts}, ${next.outcome === 'failed' ? 'gave up' : 'will retry'}: ${reason}`);
  const finished = next.outcome === 'retrying' ? {} : { payload: null, finishedAt: at };
  return (await settleClaim(table, db, claim, { ...next.data, lastError: reason, ...finished })) ? next.outcome : 'lost';
}

export type RunOptions = {
  /** The clock for scheduling (tests move it forward instead of waiting). */
  now?: () => Date;
  batchSize?: number;
};

/** Runs every job of these definitions that is due now, once; returns what happened. */
export async function runDueJobs(definitions: readonly JobDefinition<unknown>[], options: RunOptions = {}): Promise<WorkSummary> {
  const now = options.now ?? (() => new Date());
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const table = jobTable([...byName.keys()]);
  const claims = await claimDue(table, db, now(), options.batchSize ?? BATCH_SIZE);
  return runClaims(claims, (claim) => runClaimed(table, claim, byName, now), 'background job failed to run');
}

/** Runs until nothing is due. Jobs scheduled for later (a retry's backoff) are left for later. */
export function runJobsUntilIdle(definitions: readonly JobDefinition<unknown>[], options: RunOptions = {}): Promise<WorkSummary> {
  return runUntilIdle(() => runDueJobs(definitions, options));
}

/** Runs one queued job now, if no runner has taken it yet. */
async function runNow(queued: QueuedJob) {
  const table = jobTable([queued.definition.name]);
  const claim = await claimOne(table, db, queued.id, new Date());
  if (claim) await runClaimed(table, claim, new Map([[queued.definition.name, queued.definition]]), () => new Date());
}

/**
 * Runs jobs just queued as soon as the response has gone out, so an email does not wait for
 * the runner's next round. Call it after the transaction that queued them has committed: a
 * job from a transaction that rolled back does not exist, and this then does nothing. If
 * the process dies first, the runner of any instance sends them; the jobs are already safe.
 */
export async function runSoon(...queued: (QueuedJob | null | undefined)[]) {
  for (const job of queued) {
    if (job) await afterResponse(`Job ${job.definition.name} could not run`, () => runNow(job));
  }
}
