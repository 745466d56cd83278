import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseTarget } from './url';

export type Dialect = DatabaseTarget['dialect'];

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The checked-in migrations of a dialect: prisma/migrations/<dialect>/<name>/migration.sql. */
export function migrationsDir(dialect: Dialect): string {
  return join(root, 'prisma/migrations', dialect);
}

/** The migration names in the order they apply (the schema engine sorts them the same way). */
export function checkedInMigrationNames(dialect: Dialect): string[] {
  const baseDir = migrationsDir(dialect);
  if (!existsSync(baseDir)) throw new Error(`No migrations for ${dialect}: ${baseDir} does not exist`);
  return readdirSync(baseDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
