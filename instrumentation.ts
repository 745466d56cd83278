// Next.js calls register() once when a server instance starts (instrumentation.ts file convention).
// It runs in every runtime, so the Node-only background jobs (Prisma, timers) are imported only
// under nodejs, and never during `next build`, which also loads this file.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { PHASE_PRODUCTION_BUILD } = await import('next/constants');
  if (process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD) return;
  // Before any request: the Node entry answers machine endpoints with these (lib/http/machine-registry.ts).
  const [{ registerMachineEndpoints }, { serveMachineEndpoint }] = await Promise.all([import('./lib/http/machine-registry'), import('./lib/http/machine-endpoints')]);
  registerMachineEndpoints(serveMachineEndpoint);
  const [{ startRetentionScheduler }, { startWebhookDispatcher }, { startAuditAnchoring }, { startAuditSealing }, { startJobRunner }] = await Promise.all([
    import('./lib/retention/scheduler'),
    import('./lib/webhooks/dispatcher'),
    import('./lib/audit/anchor-scheduler'),
    import('./lib/audit/sealer'),
    import('./lib/jobs/runner'),
  ]);
  startRetentionScheduler();
  startAuditSealing();
  startAuditAnchoring();
  startWebhookDispatcher();
  // Emails and other queued work: written in the transaction of the change, run here (lib/jobs).
  startJobRunner();
}
