import 'server-only';
import { emailCodeRequestJob, magicLinkRequestJob } from '@/lib/auth/email-sign-in';
import { sendEmailJob } from '@/lib/email/send';
import type { JobDefinition } from './define';

/**
 * Every kind of background job, so the runner knows what to run. A job whose name is not
 * here (queued by a newer release during a rolling deploy) is left for a runner that knows it.
 */
export const JOB_DEFINITIONS: readonly JobDefinition<unknown>[] = [sendEmailJob, magicLinkRequestJob, emailCodeRequestJob];
