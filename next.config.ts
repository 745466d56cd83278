import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
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
