import type { z } from 'zod';
import type { RetryPolicy } from './backoff';

/** What a handler is told about the run it is in. */
export type JobRun = { id: string; attempt: number };

/**
 * A kind of background job: its payload (checked with zod when queued and again when run,
 * so a row written by an older release or by hand cannot reach the handler malformed), what
 * runs it, and how often a failure is retried. Jobs run at least once: a crash after the
 * handler's work and before the job is marked done runs it again, so a handler must be safe
 * to repeat (an email sent twice, a second sign-in link) or check for itself.
 */
export type JobDefinition<P> = {
  /** Stored on each job and bound into its encrypted payload: renaming one orphans queued jobs. */
  name: string;
  payload: z.ZodType<P>;
  handler(payload: P, run: JobRun): Promise<void>;
  retry: RetryPolicy;
  /** The longest one attempt may take; it must stay well under the claim (lib/jobs/claim.ts CLAIM_MS). */
  timeoutMs?: number;
  /**
   * A few words for the job's log about a failure, never the error's text (it can hold an
   * address); null leaves it to the default (the error's code or class name).
   */
  describeFailure?(error: unknown): string | null;
};

export function defineJob<S extends z.ZodType>(definition: JobDefinition<z.output<S>> & { payload: S }): JobDefinition<z.output<S>> {
  return definition;
}

/** Thrown by a handler for a failure that no retry can mend (a mail server's permanent refusal): the job fails at once. */
export class PermanentJobFailure extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
    this.name = 'PermanentJobFailure';
  }
}
