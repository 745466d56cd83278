import 'server-only';
import { db } from '@/lib/db/client';
import type { StaffActor, SystemActor } from '@/lib/audit/actor';
import { grantIdsOf } from '@/lib/oidc/adapter';
import { eraseUser, LegalHoldError } from '@/lib/users/erasure';
import type { RetentionCategory } from './catalogue';
import { countAuditEvents, pruneAuditEvents } from './audit-events';
import { inBatches } from './batches';
import { heldUsers } from './legal-hold';

/** What a run did or would do: rows per table, plus skips (legal hold) and batches. */
export type CategoryResult = { affected: number; details: Record<string, number | string> };

type Held = Awaited<ReturnType<typeof heldUsers>>;
type ApplyOptions = { batchSize: number; by: StaffActor | SystemActor };

/**
 * Per category: how to count what is older than the cutoff, and how to remove it in
 * batches. Both use the same `where`, so a dry run counts exactly what a run would touch
 * (bar rows that age past the cutoff in between). People under legal hold are left out
 * of both, and counted apart as skipped.
 */
type CategoryRules = {
  count(cutoff: Date, held: Held): Promise<CategoryResult>;
  apply(cutoff: Date, held: Held, options: ApplyOptions): Promise<CategoryResult>;
};

const byId = (rows: { id: string }[]) => rows.map((r) => r.id);

const expiredSessions = (cutoff: Date, legalHold: boolean) => ({ expires: { lt: cutoff }, user: { legalHold } });

const oldTokens = (cutoff: Date, held: Held) => ({
  expires: { lt: cutoff },
  identifier: { notIn: held.emails },
  OR: [{ userId: null }, { userId: { notIn: held.ids } }],
});
const heldTokens = (cutoff: Date, held: Held) => ({ expires: { lt: cutoff }, OR: [{ userId: { in: held.ids } }, { identifier: { in: held.emails } }] });

/** Customers only: anyone holding a role that grants a permission is staff, and staff accounts are never retired. */
const inactiveAccounts = (cutoff: Date, legalHold: boolean) => ({
  status: { not: 'erased' },
  legalHold,
  OR: [{ lastSignInAt: { lt: cutoff } }, { lastSignInAt: null, createdAt: { lt: cutoff } }],
  roles: { none: { role: { permissions: { some: {} } } } },
});

const oldTombstones = (cutoff: Date, legalHold: boolean) => ({ status: 'erased', erasedAt: { lt: cutoff }, legalHold });

/**
 * A held person's OpenID Provider rows: grants, sessions and interactions name them (accountId); codes and
 * tokens name only their grant, so those are found through it, as erasure finds them.
 */
async function heldProviderRows(held: Held) {
  return { accountIds: held.ids, grantIds: held.ids.length ? await grantIdsOf(db, held.ids) : [] };
}
type HeldProviderRows = Awaited<ReturnType<typeof heldProviderRows>>;

// A null expiresAt never matches `lt`: rows the provider keeps without an expiry stay.
const expiredProviderRows = (cutoff: Date, held: HeldProviderRows) => ({
  expiresAt: { lt: cutoff },
  AND: [{ OR: [{ accountId: null }, { accountId: { notIn: held.accountIds } }] }, { OR: [{ grantId: null }, { grantId: { notIn: held.grantIds } }] }],
});
const heldExpiredProviderRows = (cutoff: Date, held: HeldProviderRows) => ({
  expiresAt: { lt: cutoff },
  OR: [{ accountId: { in: held.accountIds } }, { grantId: { in: held.grantIds } }],
});

// Delivery statuses are pending | delivering | succeeded | failed (lib/webhooks/dispatcher.ts);
// "failed" is final: the dispatcher gave up after its last retry.
const SETTLED = ['succeeded', 'failed'];
// No legal hold here: payloads are thin, ids and non-personal facts only (lib/webhooks/events.ts),
// and erasure leaves them too. What happened to a held person is kept in the audit log.
const settledEvents = (cutoff: Date) => ({ createdAt: { lt: cutoff }, deliveries: { every: { status: { in: SETTLED } } } });
/** Old events the dispatcher still owes a delivery (or a resend queued again): kept, however old. */
const owedEvents = (cutoff: Date) => ({ createdAt: { lt: cutoff }, deliveries: { some: { status: { notIn: SETTLED } } } });

// A job's payload is cleared when it finishes (lib/jobs/queue.ts), so what is left names no
// more than a kind and an outcome; pending and running jobs (no finishedAt) are never matched.
const finishedJobs = (cutoff: Date) => ({ finishedAt: { lt: cutoff }, status: { in: SETTLED } });

export const CATEGORY_RULES: Record<RetentionCategory, CategoryRules> = {
  audit_events: {
    count: (cutoff, held) => countAuditEvents(cutoff, held.ids),
    apply: (cutoff, held, options) => pruneAuditEvents(cutoff, held.ids, options),
  },

  expired_sessions: {
    async count(cutoff) {
      const [sessions, skipped] = await Promise.all([
        db.session.count({ where: expiredSessions(cutoff, false) }),
        db.session.count({ where: expiredSessions(cutoff, true) }),
      ]);
      return { affected: sessions, details: { Session: sessions, skippedLegalHold: skipped } };
    },
    async apply(cutoff, _held, { batchSize }) {
      const skipped = await db.session.count({ where: expiredSessions(cutoff, true) });
      const { removed, batches } = await inBatches(
        batchSize,
        async (tx, take) => byId(await tx.session.findMany({ where: expiredSessions(cutoff, false), take, select: { id: true } })),
        async (tx, ids) => (await tx.session.deleteMany({ where: { id: { in: ids } } })).count,
      );
      return { affected: removed, details: { Session: removed, skippedLegalHold: skipped, batches } };
    },
  },

  verification_tokens: {
    async count(cutoff, held) {
      const [tokens, skipped] = await Promise.all([
        db.verificationToken.count({ where: oldTokens(cutoff, held) }),
        held.ids.length ? db.verificationToken.count({ where: heldTokens(cutoff, held) }) : 0,
      ]);
      return { affected: tokens, details: { VerificationToken: tokens, skippedLegalHold: skipped } };
    },
    async apply(cutoff, held, { batchSize }) {
      const skipped = held.ids.length ? await db.verificationToken.count({ where: heldTokens(cutoff, held) }) : 0;
      const { removed, batches } = await inBatches(
        batchSize,
        async (tx, take) => byId(await tx.verificationToken.findMany({ where: oldTokens(cutoff, held), take, select: { id: true } })),
        async (tx, ids) => (await tx.verificationToken.deleteMany({ where: { id: { in: ids } } })).count,
      );
      return { affected: removed, details: { VerificationToken: removed, skippedLegalHold: skipped, batches } };
    },
  },

  provider_records: {
    async count(cutoff, held) {
      const rows = await heldProviderRows(held);
      const [expired, skipped] = await Promise.all([
        db.oidcPayload.count({ where: expiredProviderRows(cutoff, rows) }),
        held.ids.length ? db.oidcPayload.count({ where: heldExpiredProviderRows(cutoff, rows) }) : 0,
      ]);
      return { affected: expired, details: { OidcPayload: expired, skippedLegalHold: skipped } };
    },
    async apply(cutoff, held, { batchSize }) {
      const rows = await heldProviderRows(held);
      const skipped = held.ids.length ? await db.oidcPayload.count({ where: heldExpiredProviderRows(cutoff, rows) }) : 0;
      const { removed, batches } = await inBatches(
        batchSize,
        async (tx, take) => byId(await tx.oidcPayload.findMany({ where: expiredProviderRows(cutoff, rows), take, select: { id: true } })),
        async (tx, ids) => (await tx.oidcPayload.deleteMany({ where: { id: { in: ids } } })).count,
      );
      return { affected: removed, details: { OidcPayload: removed, skippedLegalHold: skipped, batches } };
    },
  },

  webhook_deliveries: {
    async count(cutoff) {
      const settled = settledEvents(cutoff);
      const [events, deliveries, attempts, owed] = await Promise.all([
        db.webhookEvent.count({ where: settled }),
        db.webhookDelivery.count({ where: { event: settled } }),
        db.webhookAttempt.count({ where: { delivery: { event: settled } } }),
        db.webhookEvent.count({ where: owedEvents(cutoff) }),
      ]);
      return { affected: events, details: { WebhookEvent: events, WebhookDelivery: deliveries, WebhookAttempt: attempts, keptUndelivered: owed } };
    },
    async apply(cutoff, _held, { batchSize }) {
      const owed = await db.webhookEvent.count({ where: owedEvents(cutoff) });
      let deliveries = 0;
      let attempts = 0;
      const { removed, batches } = await inBatches(
        batchSize,
        async (tx, take) => byId(await tx.webhookEvent.findMany({ where: settledEvents(cutoff), take, select: { id: true } })),
        async (tx, ids) => {
          // Checked again at the delete, as a resend may have queued a delivery since the page was read;
          // deliveries and attempts are counted first because they go with their event (onDelete: Cascade).
          const settled = { id: { in: ids }, ...settledEvents(cutoff) };
          deliveries += await tx.webhookDelivery.count({ where: { event: settled } });
          attempts += await tx.webhookAttempt.count({ where: { delivery: { event: settled } } });
          return (await tx.webhookEvent.deleteMany({ where: settled })).count;
        },
      );
      return {
        affected: removed,
        details: { WebhookEvent: removed, WebhookDelivery: deliveries, WebhookAttempt: attempts, keptUndelivered: owed, batches },
      };
    },
  },

  finished_jobs: {
    async count(cutoff) {
      const [jobs, owed] = await Promise.all([db.job.count({ where: finishedJobs(cutoff) }), db.job.count({ where: { createdAt: { lt: cutoff }, finishedAt: null } })]);
      return { affected: jobs, details: { Job: jobs, keptUnfinished: owed } };
    },
    async apply(cutoff, _held, { batchSize }) {
      const owed = await db.job.count({ where: { createdAt: { lt: cutoff }, finishedAt: null } });
      const { removed, batches } = await inBatches(
        batchSize,
        async (tx, take) => byId(await tx.job.findMany({ where: finishedJobs(cutoff), take, select: { id: true } })),
        async (tx, ids) => (await tx.job.deleteMany({ where: { id: { in: ids }, ...finishedJobs(cutoff) } })).count,
      );
      return { affected: removed, details: { Job: removed, keptUnfinished: owed, batches } };
    },
  },

  inactive_accounts: {
    async count(cutoff) {
      const [accounts, skipped] = await Promise.all([
        db.user.count({ where: inactiveAccounts(cutoff, false) }),
        db.user.count({ where: inactiveAccounts(cutoff, true) }),
      ]);
      return { affected: accounts, details: { User: accounts, skippedLegalHold: skipped } };
    },
    async apply(cutoff, _held, { batchSize, by }) {
      let skipped = await db.user.count({ where: inactiveAccounts(cutoff, true) });
      const tables: Record<string, number> = {};
      let erased = 0;
      let batches = 0;
      // Each erasure is its own transaction (it touches a dozen tables); a batch is a page of accounts.
      for (;;) {
        const ids = byId(await db.user.findMany({ where: inactiveAccounts(cutoff, false), take: batchSize, orderBy: { id: 'asc' }, select: { id: true } }));
        for (const id of ids) {
          try {
            const evidence = await db.$transaction((tx) => eraseUser(tx, id, by));
            if (!evidence) continue;
            erased += 1;
            for (const [table, n] of Object.entries(evidence.rows)) tables[table] = (tables[table] ?? 0) + n;
          } catch (error) {
            // A hold placed since the page was read: the account is skipped, not erased.
            if (!(error instanceof LegalHoldError)) throw error;
            skipped += 1;
          }
        }
        if (ids.length) batches += 1;
        if (ids.length < batchSize) break;
      }
      return { affected: erased, details: { ...tables, User: erased, skippedLegalHold: skipped, batches } };
    },
  },

  erased_tombstones: {
    async count(cutoff) {
      const [tombstones, skipped] = await Promise.all([db.user.count({ where: oldTombstones(cutoff, false) }), db.user.count({ where: oldTombstones(cutoff, true) })]);
      return { affected: tombstones, details: { User: tombstones, skippedLegalHold: skipped } };
    },
    async apply(cutoff, _held, { batchSize }) {
      const skipped = await db.user.count({ where: oldTombstones(cutoff, true) });
      const { removed, batches } = await inBatches(
        batchSize,
        async (tx, take) => byId(await tx.user.findMany({ where: oldTombstones(cutoff, false), take, select: { id: true } })),
        async (tx, ids) => (await tx.user.deleteMany({ where: { id: { in: ids }, status: 'erased' } })).count,
      );
      return { affected: removed, details: { User: removed, skippedLegalHold: skipped, batches } };
    },
  },

  dev_outbox: {
    async count(cutoff, held) {
      const [messages, skipped] = await Promise.all([
        db.devOutboxMessage.count({ where: { createdAt: { lt: cutoff }, to: { notIn: held.emails } } }),
        held.emails.length ? db.devOutboxMessage.count({ where: { createdAt: { lt: cutoff }, to: { in: held.emails } } }) : 0,
      ]);
      return { affected: messages, details: { DevOutboxMessage: messages, skippedLegalHold: skipped } };
    },
    async apply(cutoff, held, { batchSize }) {
      const skipped = held.emails.length ? await db.devOutboxMessage.count({ where: { createdAt: { lt: cutoff }, to: { in: held.emails } } }) : 0;
      const { removed, batches } = await inBatches(
        batchSize,
        async (tx, take) => byId(await tx.devOutboxMessage.findMany({ where: { createdAt: { lt: cutoff }, to: { notIn: held.emails } }, take, select: { id: true } })),
        async (tx, ids) => (await tx.devOutboxMessage.deleteMany({ where: { id: { in: ids } } })).count,
      );
      return { affected: removed, details: { DevOutboxMessage: removed, skippedLegalHold: skipped, batches } };
    },
  },
};
