/**
 * What raw SQL hands back differs by database where Prisma's query API would not: PostgreSQL
 * gives booleans and Dates, SQLite integers (as bigints on our connection) and ISO strings.
 * These read a column the same way from both.
 */
export type RawNumber = number | bigint;
export type RawBoolean = boolean | RawNumber;
export type RawDate = Date | string | RawNumber;

export function rawNumber(value: RawNumber): number;
export function rawNumber(value: RawNumber | null): number | null;
export function rawNumber(value: RawNumber | null) {
  return value === null ? null : Number(value);
}

export function rawBoolean(value: RawBoolean) {
  return value === true || Number(value) === 1;
}

export function rawDate(value: RawDate | null) {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(typeof value === 'bigint' ? Number(value) : value);
}
