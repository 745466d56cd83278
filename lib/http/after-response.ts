import 'server-only';
import { after } from 'next/server';

type Task = () => Promise<unknown>;

let holdOutsideRequests: ((task: Task) => void) | null = null;

/**
 * Runs `task` after the response has gone out (Next.js `after()`), so its cost is not
 * part of the answer: besides keeping SMTP and database latency off the request, work
 * done only for known addresses cannot then be timed to learn which addresses have
 * accounts (ASVS 5.0 6.3.8, OWASP Authentication Cheat Sheet on timing). Failures are
 * logged under `label`, never with the task's personal data.
 *
 * Outside a request (scripts, integration tests) there is no "after", so the task runs
 * at once, before this returns, unless a script chose to hold such work
 * (`holdDeferredWork`, for the timing bench).
 */
export async function afterResponse(label: string, task: Task) {
  const run = () =>
    task().catch((error: unknown) => {
      console.error(`${label}:`, error instanceof Error ? error.message : error);
    });
  try {
    after(run);
    return;
  } catch {
    // Not inside a request.
  }
  if (holdOutsideRequests) holdOutsideRequests(run);
  else await run();
}

/**
 * For scripts that stand in for a server: work that a request would defer is handed
 * to `hold` instead of run inline, so a bench times what a client would wait for.
 */
export function holdDeferredWork(hold: ((task: Task) => void) | null) {
  holdOutsideRequests = hold;
}
