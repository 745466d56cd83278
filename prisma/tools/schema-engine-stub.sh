#!/bin/sh
# Prisma's CLI insists on a schema-engine binary before `prisma generate`, which
# itself runs in WASM and never calls it. There is no download here, so this stub
# stands in; migrations go through @prisma/schema-engine-wasm (scripts/db-*.mjs).
echo "schema engine binary not available offline: use npm run db:migration / db:prepare" >&2
exit 1
