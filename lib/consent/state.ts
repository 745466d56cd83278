import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';

// Newest first; the id breaks ties between records made in the same instant
// (cuids grow within a process), so "the latest decision" is never ambiguous.
const NEWEST_FIRST = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/**
 * Where this person stands on every active purpose and document: the latest record
 * decides, the version it was given for is kept, and a newer published text is flagged.
 */
export async function consentState(userId: string, tx: DbOrTx = db) {
  const purposes = await tx.consentPurpose.findMany({
    where: { active: true },
    orderBy: { sortOrder: 'asc' },
    include: {
      versions: { orderBy: { version: 'desc' }, take: 1 },
      records: { where: { userId }, orderBy: NEWEST_FIRST, take: 1, include: { version: { select: { version: true } } } },
    },
  });
  const rows = purposes.flatMap((p) => {
    const current = p.versions[0];
    if (!current) return [];
    const latest = p.records[0];
    return [
      {
        key: p.key,
        name: p.name,
        kind: p.kind,
        required: p.required,
        current: { id: current.id, version: current.version, title: current.title, text: current.text, publishedAt: current.publishedAt },
        granted: latest?.granted ?? false,
        /** The version the latest decision was made on, or null if there was none. */
        decidedVersion: latest?.version.version ?? null,
        decidedAt: latest?.createdAt ?? null,
        /** Given for an older text than the one now published. */
        outdated: !!latest?.granted && latest.version.version < current.version,
      },
    ];
  });
  return { purposes: rows.filter((r) => r.kind === 'purpose'), documents: rows.filter((r) => r.kind === 'document') };
}

export type ConsentState = Awaited<ReturnType<typeof consentState>>;
export type PurposeState = ConsentState['purposes'][number];

/** Every consent decision this person made, newest first, with where it was made from. */
export async function consentHistory(userId: string, options: { take?: number } = {}, tx: DbOrTx = db) {
  const records = await tx.consentRecord.findMany({
    where: { userId },
    orderBy: NEWEST_FIRST,
    take: options.take,
    include: { purpose: { select: { key: true, name: true, kind: true } }, version: { select: { version: true, title: true } } },
  });
  return records.map((r) => ({
    id: r.id,
    createdAt: r.createdAt,
    purpose: r.purpose,
    version: r.version.version,
    versionTitle: r.version.title,
    granted: r.granted,
    source: r.source,
    ipAddress: r.ipAddress,
    userAgent: r.userAgent,
  }));
}

export type ConsentHistoryEntry = Awaited<ReturnType<typeof consentHistory>>[number];
