#!/usr/bin/env bash
# Every test Gatehouse has, in the order that fails fastest: static checks,
# integration tests on the embedded default (SQLite) and, when TEST_POSTGRES_URL
# is set, on PostgreSQL, then the Playwright journeys against a production build, on
# each database too.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Typecheck"
npx tsc --noEmit

step "Lint"
npx eslint .

step "Integration tests: embedded SQLite"
env -u TEST_POSTGRES_URL npx vitest run

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  step "Integration tests: PostgreSQL"
  npx vitest run
else
  echo "TEST_POSTGRES_URL is not set: skipping the PostgreSQL integration run (CI sets it)."
fi

step "Production build"
npx next build

step "End-to-end journeys in Chromium: embedded SQLite"
env -u E2E_DATABASE_URL npx playwright test

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  step "End-to-end journeys in Chromium: PostgreSQL"
  # On its own line: set -e does not see a failure inside $(...) used in an assignment prefix.
  e2e_database_url="$(node scripts/fresh-postgres-database.mjs gatehouse_e2e)"
  E2E_DATABASE_URL="$e2e_database_url" npx playwright test
else
  echo "TEST_POSTGRES_URL is not set: skipping the PostgreSQL end-to-end run (CI sets it)."
fi
