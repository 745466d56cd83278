import type { NextConfig } from 'next';

/**
 * gzip in this process, on by default (zero setup). Behind a proxy or CDN that compresses anyway,
 * HTTP_COMPRESSION=off leaves it to them: the main thread does the sign-in instead of the deflate.
 */
function compression(value = 'on') {
  if (value !== 'on' && value !== 'off') throw new Error(`HTTP_COMPRESSION must be "on" or "off", not "${value}"`);
  return value === 'on';
}

const nextConfig: NextConfig = {
  poweredByHeader: false,
  compress: compression(process.env.HTTP_COMPRESSION),
  // Native modules and the Prisma runtime are loaded by Node, not bundled; so is oidc-provider,
  // which configures itself from its own defaults and runs as published; so is prom-client, whose
  // registry the Node entry (scripts/server.ts) serves for both (lib/operations/metrics.ts).
  serverExternalPackages: ['@node-rs/argon2', 'better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', 'oidc-provider', 'prom-client'],
  typedRoutes: false,
  // The development server would log each request with its query string (sign-in tokens, emails)
  // and each server action with its arguments (passwords); the entry logs requests instead,
  // one JSON line without either (lib/http/entry.ts).
  logging: { incomingRequests: false, serverFunctions: false },
};

export default nextConfig;
