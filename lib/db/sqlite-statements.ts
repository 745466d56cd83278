import type { Database, Statement } from 'better-sqlite3';

/**
 * How many distinct SQL texts keep a prepared statement. Prisma's statements are generated from
 * the query's shape, not its values, so an application has a few hundred at most.
 */
const KEPT = 500;

/** What Prisma's better-sqlite3 adapter calls on a statement (and on one it bound). */
type BindableStatement = {
  readonly reader: boolean;
  bind(...params: unknown[]): BindableStatement;
  run(...params: unknown[]): ReturnType<Statement['run']>;
  all(...params: unknown[]): unknown[];
  columns(): ReturnType<Statement['columns']>;
  raw(toggle?: boolean): BindableStatement;
};

/**
 * Prisma's better-sqlite3 adapter prepares every statement again on every query, and then binds
 * that query's values to it for good (`bind()`, which better-sqlite3 allows once per statement),
 * so a statement cannot serve twice. In a sign-in under load, preparing was 4% of the main thread.
 * This keeps one prepared statement per SQL text (least recently used out first) and hands the
 * adapter a view of it that holds the values of one query and passes them on each call. Only this
 * process's connection uses them, and better-sqlite3 runs each call to the end before the next.
 */
export function reusePreparedStatements(database: Database) {
  const prepare = database.prepare.bind(database);
  const kept = new Map<string, Statement>();
  const statementFor = (sql: string) => {
    let statement = kept.get(sql);
    if (statement) {
      kept.delete(sql);
    } else {
      statement = prepare(sql);
      if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
    }
    kept.set(sql, statement);
    return statement;
  };
  database.prepare = ((sql: string) => viewOf(statementFor(sql), null, false)) as unknown as Database['prepare'];
}

/** A statement as one query sees it: its values (once bound) and whether rows come as arrays. */
function viewOf(statement: Statement, bound: unknown[] | null, raw: boolean): BindableStatement {
  const values = (params: unknown[]) => bound ?? params;
  return {
    reader: statement.reader,
    bind: (...params) => {
      if (bound) throw new TypeError('The bind() method can only be invoked once per statement object');
      return viewOf(statement, params, raw);
    },
    run: (...params) => statement.run(...values(params)),
    // The mode is set on every call: another query may have left the shared statement in the other one.
    all: (...params) => (statement.reader ? statement.raw(raw) : statement).all(...values(params)),
    columns: () => statement.columns(),
    raw: (toggle = true) => {
      if (!statement.reader) statement.raw(toggle); // better-sqlite3's own error for a statement that returns no rows
      return viewOf(statement, bound, toggle);
    },
  };
}
