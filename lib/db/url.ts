import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

/** The embedded default: a SQLite file in .data/, created on first use. */
export const EMBEDDED_DATABASE_URL = 'file:./.data/gatehouse.db';

export type DatabaseTarget =
  | { dialect: 'sqlite'; url: string; filename: string }
  | { dialect: 'postgresql'; url: string };

/** Chooses the database from DATABASE_URL: postgres(ql):// for PostgreSQL, file: (or unset) for SQLite. */
export function resolveDatabase(url = process.env.DATABASE_URL || EMBEDDED_DATABASE_URL): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgresql', url };
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).split('?')[0]!;
    const filename = path === ':memory:' ? path : isAbsolute(path) ? path : resolve(/*turbopackIgnore: true*/ process.cwd(), path);
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    return { dialect: 'sqlite', url, filename };
  }
  throw new Error(`DATABASE_URL must start with postgresql://, postgres:// or file: (got "${url.split(':')[0]}:...")`);
}
