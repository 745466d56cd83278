// Gatehouse's HTTP entry (`npm start`, `npm run dev`): Next.js behind a plain Node server, so
// the client's address is taken from the socket before Next.js sees the request. Next.js alone
// keeps whatever X-Forwarded-For a client sends, which would let one attacker dodge every per-IP
// limit and forge audit addresses. Trusted proxies are named with TRUSTED_PROXIES or TRUSTED_PROXY_HOPS.
// The same entry serves /healthz, /readyz and /metrics without Next.js, and logs every request
// as one JSON line (lib/http/entry.ts).
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

async function main() {
  const dev = process.argv.includes('--dev');
  // Next.js reads NODE_ENV when it loads; `next start` sets it the same way.
  (process.env as Record<string, string>).NODE_ENV ??= dev ? 'development' : 'production';
  const { loadConfig } = await import('../lib/config');
  const { clientAddressKey } = await import('../lib/http/client-address');
  const { entryListener } = await import('../lib/http/entry');
  const { createLogger } = await import('../lib/operations/logger');
  const { default: next } = await import('next');

  const { proxyTrust, secret, previousSecrets, email, env, redisUrl, operations } = loadConfig();
  const logger = createLogger(operations.logLevel);
  if (env === 'production' && email.devOutbox) {
    logger.warn('EMAIL_DEV_OUTBOX is on in a production build: no email is sent, and every message (sign-in links and codes included) is shown at /dev/outbox to staff with users:read. Use it for demos and tests only; set SMTP_URL for real customers.');
  }
  const addressKeys = [secret, ...previousSecrets].map(clientAddressKey);
  const port = Number(process.env.PORT ?? 3000);
  // All interfaces, as `next start` binds by default.
  const app = next({ dev, port, ...(dev ? { turbopack: true } : {}) });
  const handle = app.getRequestHandler();
  await app.prepare();

  const root = fileURLToPath(new URL('..', import.meta.url));
  const server = createServer(entryListener({ handle, proxyTrust, addressKeys, logger, root, metricsToken: operations.metricsToken, redisUrl }));
  if (dev) server.on('upgrade', app.getUpgradeHandler());
  server.listen(port, () => {
    const trust = proxyTrust.kind === 'none' ? 'no proxy trusted' : proxyTrust.kind === 'hops' ? `${proxyTrust.hops} trusted proxy hop(s)` : `trusted proxies ${proxyTrust.proxies.join(', ')}`;
    logger.info(
      { port, mode: dev ? 'development' : 'production', clientAddress: trust, metrics: operations.metricsToken ? 'on' : 'off' },
      `Gatehouse ready on http://localhost:${port}`,
    );
  });

  const stop = () => {
    server.close(() => process.exit(0));
    // Keep-alive connections would hold close() open; a stop must not hang.
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
