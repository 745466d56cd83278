// Runs once when a server instance starts (Next.js instrumentation hook).
export async function register() {
  // Background jobs need Node (database drivers, timers); the Edge runtime loads this file too.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  (await import('./lib/webhooks/dispatcher')).startWebhookDispatcher();
}
