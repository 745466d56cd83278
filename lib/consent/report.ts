import 'server-only';
import { Prisma } from '@/generated/prisma/postgresql/client';
import { db } from '@/lib/db/client';
import { rawBoolean, rawNumber, type RawBoolean, type RawNumber } from '@/lib/db/raw-values';

/** Counts of people by their latest decision on a purpose, at one moment. */
export type DecisionCounts = {
  /** People who have made any decision. */
  decided: number;
  /** Of those, people whose latest decision was to grant (accept). */
  granted: number;
  /** Granted people by the version number they granted. */
  grantedByVersion: Record<number, number>;
};

type StandingRow = { purposeId: string; versionId: string; granted: RawBoolean; people: RawNumber };

/**
 * Where everyone stood just before `at`: each person's latest record per purpose
 * (newest by time, then id — the order lib/consent/state.ts uses) counted by version
 * and choice. Plain SQL that SQLite and PostgreSQL both run; the NOT EXISTS probe uses
 * the (userId, purposeId, createdAt) index, so this reads each record once and never
 * loads people into memory. Raw SQL because "latest row per group" is not expressible in
 * Prisma's query API without fetching every row.
 */
async function standingAt(at: Date, purposeId?: string) {
  // Both generated clients take the same sql-template-tag fragments.
  const onePurpose = purposeId ? Prisma.sql`AND r."purposeId" = ${purposeId}` : Prisma.empty;
  const rows = await db.$queryRaw<StandingRow[]>`
    SELECT r."purposeId" AS "purposeId", r."versionId" AS "versionId",
           CAST(CASE WHEN r."granted" THEN 1 ELSE 0 END AS INTEGER) AS "granted",
           CAST(COUNT(*) AS INTEGER) AS "people"
    FROM "ConsentRecord" r
    WHERE r."createdAt" < ${at}
      ${onePurpose}
      AND NOT EXISTS (
        SELECT 1 FROM "ConsentRecord" n
        WHERE n."userId" = r."userId" AND n."purposeId" = r."purposeId" AND n."createdAt" < ${at}
          AND (n."createdAt" > r."createdAt" OR (n."createdAt" = r."createdAt" AND n."id" > r."id"))
      )
    GROUP BY r."purposeId", r."versionId", CASE WHEN r."granted" THEN 1 ELSE 0 END`;
  return rows.map((r) => ({ ...r, granted: rawBoolean(r.granted), people: rawNumber(r.people) }));
}

async function versionNumbers(versionIds: string[]) {
  const versions = await db.consentVersion.findMany({ where: { id: { in: [...new Set(versionIds)] } }, select: { id: true, version: true } });
  return new Map(versions.map((v) => [v.id, v.version]));
}

function emptyCounts(): DecisionCounts {
  return { decided: 0, granted: 0, grantedByVersion: {} };
}

/** Today's standing for every purpose, by purpose id: the console's "current grant rate". */
export async function currentConsentCounts(now = new Date()): Promise<Map<string, DecisionCounts>> {
  // "Before now" with a millisecond's grace, so a record made this instant counts.
  const rows = await standingAt(new Date(now.getTime() + 1));
  const numbers = await versionNumbers(rows.map((r) => r.versionId));
  const byPurpose = new Map<string, DecisionCounts>();
  for (const row of rows) {
    const counts = byPurpose.get(row.purposeId) ?? emptyCounts();
    counts.decided += row.people;
    if (row.granted) {
      counts.granted += row.people;
      const version = numbers.get(row.versionId)!;
      counts.grantedByVersion[version] = (counts.grantedByVersion[version] ?? 0) + row.people;
    }
    byPurpose.set(row.purposeId, counts);
  }
  return byPurpose;
}

/** Share granted, as a whole percentage; null when nobody has decided. */
export function grantRate(counts: Pick<DecisionCounts, 'decided' | 'granted'>): number | null {
  return counts.decided === 0 ? null : Math.round((counts.granted / counts.decided) * 1000) / 10;
}

export type RateBucket = DecisionCounts & { day: string; rate: number | null };

const DAY = 24 * 60 * 60 * 1000;

/**
 * How one purpose's grant rate moved, day by day (UTC) over the last `days` days: for
 * each day, where people stood at its end (or now, for today). Starts from the standing
 * before the window (one aggregate query), then replays only the window's records, each
 * against the same person's previous decision — so the cost follows the changes in the
 * window, not the number of people.
 */
export async function consentRateSeries(purposeId: string, options: { days?: number; now?: Date } = {}): Promise<RateBucket[]> {
  const now = options.now ?? new Date();
  const days = options.days ?? 90;
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const start = new Date(todayStart - (days - 1) * DAY);

  const [before, inWindow] = await Promise.all([
    standingAt(start, purposeId),
    db.consentRecord.findMany({
      where: { purposeId, createdAt: { gte: start, lte: now } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { userId: true, versionId: true, granted: true, createdAt: true },
    }),
  ]);
  const previous = await decisionsBefore(purposeId, start, [...new Set(inWindow.map((r) => r.userId))]);
  const numbers = await versionNumbers([...before.map((r) => r.versionId), ...inWindow.map((r) => r.versionId), ...[...previous.values()].map((p) => p.versionId)]);

  const counts = emptyCounts();
  const add = (decision: { versionId: string; granted: boolean }, people: number) => {
    if (!decision.granted) return;
    const version = numbers.get(decision.versionId)!;
    counts.granted += people;
    counts.grantedByVersion[version] = (counts.grantedByVersion[version] ?? 0) + people;
  };
  for (const row of before) {
    counts.decided += row.people;
    add(row, row.people);
  }

  const buckets: RateBucket[] = [];
  let next = 0;
  for (let day = 0; day < days; day += 1) {
    const end = todayStart - (days - 1 - day) * DAY + DAY;
    while (next < inWindow.length && inWindow[next]!.createdAt.getTime() < end) {
      const record = inWindow[next]!;
      const prior = previous.get(record.userId);
      if (prior) add(prior, -1);
      else counts.decided += 1;
      add(record, 1);
      previous.set(record.userId, record);
      next += 1;
    }
    buckets.push({
      day: new Date(end - DAY).toISOString().slice(0, 10),
      decided: counts.decided,
      granted: counts.granted,
      grantedByVersion: { ...counts.grantedByVersion },
      rate: grantRate(counts),
    });
  }
  return buckets;
}

/** The latest decision before `at` of each of these people, for replaying the window from there. */
async function decisionsBefore(purposeId: string, at: Date, userIds: string[]) {
  const latest = new Map<string, { versionId: string; granted: boolean }>();
  // Chunks keep the IN list well under SQLite's bound-parameter limit.
  for (let i = 0; i < userIds.length; i += 500) {
    const records = await db.consentRecord.findMany({
      where: { purposeId, userId: { in: userIds.slice(i, i + 500) }, createdAt: { lt: at } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { userId: true, versionId: true, granted: true },
    });
    for (const r of records) if (!latest.has(r.userId)) latest.set(r.userId, r);
  }
  return latest;
}
