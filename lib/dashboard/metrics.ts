import 'server-only';
import { db } from '@/lib/db/client';
import type { AuditAction } from '@/lib/audit/actions';
import { Prisma, column, countOf, utcDayOf } from './per-day-sql';

export const DASHBOARD_RANGES = [7, 30, 90] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

/**
 * The sign-in activity the dashboard counts, each from its audit action (lib/auth records them).
 * Only sign-ups need the result: one for an address that already exists is recorded as a failure
 * (email_taken) and is no new account. The others are counted from (action, occurredAt) alone, so
 * their query reads nothing but that index.
 */
const ACTIVITY = {
  signUps: { action: 'user.sign_up', onlyResult: 'success' },
  signIns: { action: 'user.sign_in', onlyResult: null },
  failedSignIns: { action: 'user.sign_in_failed', onlyResult: null },
  lockouts: { action: 'user.locked_out', onlyResult: null },
} as const satisfies Record<string, { action: AuditAction; onlyResult: 'success' | 'failure' | null }>;

export type ActivityKey = keyof typeof ACTIVITY;
export const ACTIVITY_KEYS = Object.keys(ACTIVITY) as ActivityKey[];
export type ActivityDay = { day: string } & Record<ActivityKey, number>;
export type AdoptionDay = { day: string; customers: number; withPasskey: number; withMfa: number; passkeyShare: number; mfaShare: number };

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The last `days` UTC days up to and including `today`'s, and the instants that bound them. */
export function dashboardWindow(days: number, today = new Date()) {
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + DAY_MS);
  const start = new Date(end.getTime() - days * DAY_MS);
  const list = Array.from({ length: days }, (_, i) => isoDay(new Date(start.getTime() + i * DAY_MS)));
  return { start, end, days: list };
}

/**
 * Sign-ups, sign-ins, failed sign-ins and lockouts per UTC day: one grouped query that the
 * (action, occurredAt) index serves, so the cost follows the window's events, not the log's size.
 */
export async function activityPerDay(days: number, today = new Date()) {
  const window = dashboardWindow(days, today);
  const day = utcDayOf(column('e', 'occurredAt'));
  const inWindow = Prisma.sql`e."occurredAt" >= ${window.start} AND e."occurredAt" < ${window.end}`;
  const counted = Object.values(ACTIVITY);
  const byAction = counted.filter((a) => a.onlyResult === null).map((a) => a.action);
  const byResult = counted.filter((a) => a.onlyResult !== null);
  const selects = [
    Prisma.sql`SELECT e."action" AS action, ${day} AS day, COUNT(*) AS n FROM "AuditEvent" e
      WHERE e."action" IN (${Prisma.join(byAction)}) AND ${inWindow} GROUP BY e."action", ${day}`,
    ...byResult.map(
      (a) => Prisma.sql`SELECT e."action" AS action, ${day} AS day, COUNT(*) AS n FROM "AuditEvent" e
        WHERE e."action" = ${a.action} AND e."result" = ${a.onlyResult} AND ${inWindow} GROUP BY e."action", ${day}`,
    ),
  ];
  const rows = await db.$queryRaw<{ action: string; day: string; n: bigint | number }[]>(Prisma.join(selects, ' UNION ALL '));
  const byDay = new Map<string, ActivityDay>(window.days.map((d) => [d, { day: d, signUps: 0, signIns: 0, failedSignIns: 0, lockouts: 0 }]));
  for (const row of rows) {
    const entry = byDay.get(row.day);
    const key = ACTIVITY_KEYS.find((k) => ACTIVITY[k].action === row.action);
    if (entry && key) entry[key] += countOf(row.n);
  }
  const perDay = [...byDay.values()];
  const totals = Object.fromEntries(ACTIVITY_KEYS.map((k) => [k, perDay.reduce((sum, d) => sum + d[k], 0)])) as Record<ActivityKey, number>;
  return { perDay, totals };
}

// Customers are active users who hold no staff role: none that grants a permission. Roles
// without permissions ("customer", or "premium" made by an app through the API) are customers' labels.
const isActiveCustomer = Prisma.sql`u."status" = 'active' AND NOT EXISTS (
  SELECT 1 FROM "UserRole" ur JOIN "RolePermission" rp ON rp."roleId" = ur."roleId" WHERE ur."userId" = u."id")`;

/** How many rows fall before the window ('before') and on each of its days, for one DateTime expression. */
async function countsByDay(at: Prisma.Sql, from: Prisma.Sql, window: { start: Date; end: Date }) {
  const rows = await db.$queryRaw<{ day: string; n: bigint | number }[]>(Prisma.sql`
    SELECT CASE WHEN t."at" < ${window.start} THEN 'before' ELSE ${utcDayOf(Prisma.sql`t."at"`)} END AS day, COUNT(*) AS n
    FROM (SELECT ${at} AS "at" ${from}) t
    WHERE t."at" < ${window.end}
    GROUP BY 1`);
  return new Map(rows.map((r) => [r.day, countOf(r.n)]));
}

/** Running totals over the window's days, starting from the count before it. */
function cumulative(counts: Map<string, number>, days: string[]) {
  let running = counts.get('before') ?? 0;
  return days.map((d) => (running += counts.get(d) ?? 0));
}

const share = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

/**
 * Passkey and MFA adoption by day: of the active customers who existed by the end of each day,
 * the share who had added a passkey / confirmed an authenticator app by then. Built from today's
 * accounts and credentials (a removed passkey no longer counts on the days it existed): a trend,
 * not a ledger. Three grouped queries, whatever the number of days.
 */
export async function adoptionPerDay(days: number, today = new Date()) {
  const window = dashboardWindow(days, today);
  const [customers, passkeys, mfa] = await Promise.all([
    countsByDay(Prisma.sql`u."createdAt"`, Prisma.sql`FROM "User" u WHERE ${isActiveCustomer}`, window),
    countsByDay(
      Prisma.sql`MIN(p."createdAt")`,
      Prisma.sql`FROM "Passkey" p JOIN "User" u ON u."id" = p."userId" WHERE ${isActiveCustomer} GROUP BY p."userId"`,
      window,
    ),
    countsByDay(
      Prisma.sql`MIN(f."confirmedAt")`,
      Prisma.sql`FROM "MfaFactor" f JOIN "User" u ON u."id" = f."userId" WHERE f."confirmedAt" IS NOT NULL AND ${isActiveCustomer} GROUP BY f."userId"`,
      window,
    ),
  ]);
  const [c, p, m] = [cumulative(customers, window.days), cumulative(passkeys, window.days), cumulative(mfa, window.days)];
  const perDay: AdoptionDay[] = window.days.map((day, i) => ({
    day,
    customers: c[i]!,
    withPasskey: p[i]!,
    withMfa: m[i]!,
    passkeyShare: share(p[i]!, c[i]!),
    mfaShare: share(m[i]!, c[i]!),
  }));
  return { perDay, latest: perDay.at(-1)! };
}

/** Everything the dashboard charts, for the last `days` days. */
export async function dashboardMetrics(days: DashboardRange, today = new Date()) {
  const [activity, adoption] = await Promise.all([activityPerDay(days, today), adoptionPerDay(days, today)]);
  return { activity, adoption };
}
