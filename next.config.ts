import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native modules and the Prisma runtime are loaded by Node, not bundled; so is oidc-provider,
  // which configures itself from its own defaults and runs as published; so is prom-client, whose
  // registry the Node entry (scripts/server.ts) serves for both (lib/operations/metrics.ts).
  serverExternalPackages: ['@node-rs/argon2', 'better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', 'oidc-provider', 'prom-client'],
  typedRoutes: false,
};

export default nextConfig;
