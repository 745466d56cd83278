import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // lib/ marks server modules with `import 'server-only'`; tests are server-side too.
      'server-only': fileURLToPath(new URL('./tests/support/empty-module.ts', import.meta.url)),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['./tests/support/global-setup.ts'],
    setupFiles: ['./tests/support/env.ts'],
    pool: 'forks',
    // One database per run, shared by the files in sequence: simpler than per-file databases and fast enough.
    fileParallelism: false,
    testTimeout: 30_000,
    // Auth.js imports 'next/server' the way Next.js's bundler resolves it; Vite resolves it the same
    // way once these are inlined, so tests can call the real Auth.js handlers.
    server: { deps: { inline: ['next-auth', '@auth/core'] } },
    hookTimeout: 120_000,
  },
});
