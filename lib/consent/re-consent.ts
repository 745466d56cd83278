import 'server-only';
import { cache } from 'react';
import { db, type DbOrTx } from '@/lib/db/client';
import type { RequestContext } from '@/lib/http/request-context';
import { acceptRequiredDocuments, currentRequiredDocuments } from './record';

/**
 * Required documents (terms, privacy notice) whose current version this person has not
 * accepted: published since they last accepted, or never accepted at all. Each comes
 * with the version they did accept, so the page can say what changed.
 */
export async function outdatedRequiredDocuments(userId: string, tx: DbOrTx = db) {
  const purposes = await tx.consentPurpose.findMany({
    where: { kind: 'document', required: true, active: true },
    orderBy: { sortOrder: 'asc' },
    include: {
      versions: { orderBy: { version: 'desc' }, take: 1 },
      records: {
        where: { userId, granted: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 1,
        select: { createdAt: true, version: { select: { version: true } } },
      },
    },
  });
  return purposes.flatMap((p) => {
    const current = p.versions[0];
    const accepted = p.records[0];
    if (!current || (accepted && accepted.version.version >= current.version)) return [];
    return [
      {
        purpose: { id: p.id, key: p.key, name: p.name },
        version: current,
        accepted: accepted ? { version: accepted.version.version, at: accepted.createdAt } : null,
      },
    ];
  });
}

export type OutdatedDocument = Awaited<ReturnType<typeof outdatedRequiredDocuments>>[number];

/**
 * Whether any required document's current version waits for this person: the same rule as
 * outdatedRequiredDocuments (their latest acceptance is of an older version, or there is none), as
 * one statement, because every sign-in and every account page asks it. Memoised per request for
 * layouts, however many places ask.
 */
export const mustAcceptDocuments = cache(async (userId: string) => {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 1 AS "due"
    FROM "ConsentPurpose" p
    JOIN "ConsentVersion" v ON v."purposeId" = p."id"
    WHERE p."kind" = 'document' AND p."required" AND p."active"
      AND NOT EXISTS (SELECT 1 FROM "ConsentVersion" newer WHERE newer."purposeId" = p."id" AND newer."version" > v."version")
      AND NOT EXISTS (
        SELECT 1 FROM "ConsentRecord" r JOIN "ConsentVersion" rv ON rv."id" = r."versionId"
        WHERE r."userId" = ${userId} AND r."purposeId" = p."id" AND r."granted" AND rv."version" >= v."version"
          AND NOT EXISTS (
            SELECT 1 FROM "ConsentRecord" later
            WHERE later."userId" = r."userId" AND later."purposeId" = r."purposeId" AND later."granted"
              AND (later."createdAt" > r."createdAt" OR (later."createdAt" = r."createdAt" AND later."id" > r."id"))
          )
      )
    LIMIT 1`;
  return rows.length > 0;
});

export type AcceptDocumentsResult = { ok: true; remaining: number } | { ok: false; error: 'nothing_to_accept'; message: string };

/**
 * Records acceptance of exactly the versions the person was shown. If a newer version
 * was published while they read, it is not accepted on their behalf: `remaining` says
 * there is still something to accept.
 */
export async function acceptDocumentVersions(input: { userId: string; versionIds: string[]; context: RequestContext }): Promise<AcceptDocumentsResult> {
  return db.$transaction(async (tx) => {
    const outdated = await outdatedRequiredDocuments(input.userId, tx);
    // Already accepted (a second click, another tab): nothing left to do.
    if (outdated.length === 0) return { ok: true, remaining: 0 };
    const shown = new Set(input.versionIds);
    const accepting = outdated.filter((d) => shown.has(d.version.id));
    if (accepting.length === 0) {
      return { ok: false, error: 'nothing_to_accept', message: 'These documents have changed again. Read the current versions below.' };
    }
    const current = await currentRequiredDocuments(tx);
    await acceptRequiredDocuments(tx, {
      userId: input.userId,
      source: 're_consent',
      context: input.context,
      documents: current.filter((d) => accepting.some((a) => a.version.id === d.version.id)),
    });
    return { ok: true, remaining: outdated.length - accepting.length };
  });
}
