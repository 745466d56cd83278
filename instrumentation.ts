// Next.js calls register() once when a server instance starts (instrumentation.ts file convention).
// It runs in every runtime, so the Node-only scheduler (Prisma, timers) is imported only under nodejs,
// and never during `next build`, which also loads this file.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { PHASE_PRODUCTION_BUILD } = await import('next/constants');
  if (process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD) return;
  const { startRetentionScheduler } = await import('./lib/retention/scheduler');
  startRetentionScheduler();
}
