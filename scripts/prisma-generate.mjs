// Generates both Prisma clients (PostgreSQL and SQLite) from prisma/schema.prisma.
// The SQLite schema is derived here and never edited by hand.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const schemaPath = join(root, 'prisma/schema.prisma');
export const sqliteSchemaPath = join(root, 'prisma/generated/schema.sqlite.prisma');

export function sqliteSchemaFrom(pgSchema) {
  return pgSchema
    .replace(/provider\s*=\s*"postgresql"/, 'provider = "sqlite"')
    .replace('output   = "../generated/prisma/postgresql"', 'output   = "../../generated/prisma/sqlite"')
    .replace(/ @db\.\w+(\([^)]*\))?/g, '');
}

export function writeSqliteSchema() {
  const sqlite = sqliteSchemaFrom(readFileSync(schemaPath, 'utf8'));
  mkdirSync(dirname(sqliteSchemaPath), { recursive: true });
  writeFileSync(sqliteSchemaPath, '// GENERATED from prisma/schema.prisma by scripts/prisma-generate.mjs: do not edit.\n' + sqlite);
}

function generate(schema) {
  execFileSync(process.execPath, [join(root, 'node_modules/prisma/build/index.js'), 'generate', '--schema', schema], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: join(root, 'prisma/tools/schema-engine-stub.sh'),
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeSqliteSchema();
  generate(schemaPath);
  generate(sqliteSchemaPath);
}
