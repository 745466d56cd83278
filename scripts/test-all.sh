#!/usr/bin/env bash
# Every test Gatehouse has, in the order that fails fastest: static checks,
# integration tests on the embedded default (SQLite) and, when TEST_POSTGRES_URL
# is set, on PostgreSQL, then the Playwright journeys against a production build, on
# each database too.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m (at %dm%02ds)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

# Runs each NAME COMMAND pair at once, shows each one's output once all have ended, and fails if
# any did. For steps that keep one core busy each (the type checker, the linter, one vitest run,
# which runs its files in sequence): the machines have two.
together() {
  local names=() pids=() failed=() i
  while [ $# -gt 0 ]; do
    names+=("$1")
    bash -c "$2" >"$logs/${#pids[@]}" 2>&1 &
    pids+=($!)
    shift 2
  done
  step "Started together: ${names[*]}"
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then step "${names[$i]}: passed"; else step "${names[$i]}: FAILED"; failed+=("${names[$i]}"); fi
    cat "$logs/$i"
  done
  [ ${#failed[@]} -eq 0 ] || { echo "Failed: ${failed[*]}"; return 1; }
}

together "Typecheck" "npx tsc --noEmit" "Lint" "npx eslint ."

# Each run has a database of its own (tests/support/global-setup.ts) and its servers take free ports.
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  together \
    "Integration tests: embedded SQLite" "env -u TEST_POSTGRES_URL npx vitest run" \
    "Integration tests: PostgreSQL" "npx vitest run"
else
  step "Integration tests: embedded SQLite"
  npx vitest run
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
step "All tests passed"
