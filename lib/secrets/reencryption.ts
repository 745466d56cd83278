import 'server-only';
import { db, type Db, type Tx } from '@/lib/db/client';
import { reencryptIfStale } from '@/lib/crypto/encryption';
import { TOTP_SECRET_PURPOSE } from '@/lib/auth/mfa/totp';
import { PROVIDER_TOKEN_FIELDS, providerTokenOwner, providerTokenPurpose } from '@/lib/federation/account-tokens';
import { CONNECTION_SECRET_PURPOSE } from '@/lib/federation/connections';
import { PENDING_LINK_PURPOSE } from '@/lib/federation/federated-sign-in';
import { SIGNING_KEY_PURPOSE } from '@/lib/oidc/signing-keys';
import { WEBHOOK_SECRET_PURPOSE } from '@/lib/webhooks/signing-secret';
import { jobPayloadPurpose } from '@/lib/jobs/queue';

// Every ciphertext Gatehouse stores, rewritten under the current AUTH_SECRET and bound to its row
// (`npm run secrets:reencrypt`). After it, no stored secret needs AUTH_SECRET_PREVIOUS. Hashes
// (sessions, tokens, recovery codes, client secrets) cannot be rewritten without the values they
// hash, and audit events are never resealed (that is what makes the chain evidence), so those
// still need the previous secret for as long as they matter: see README "Rotating AUTH_SECRET".

/** Rows per transaction: each page is read and rewritten in one transaction. */
const PAGE = 200;

type Sealed = { column: string; purpose: string; owner: string; stored: string | null };
type Row = { id: string; sealed: Sealed[] };

/** One table with ciphertexts: a page of its rows in id order, and a write that lands only if the value is still the one read. */
type SealedTable = {
  table: string;
  page(tx: Tx, after: string | undefined): Promise<Row[]>;
  write(tx: Tx, id: string, column: string, from: string, to: string): Promise<number>;
};

const after = (cursor: string | undefined) => (cursor === undefined ? {} : { gt: cursor });

const TABLES: SealedTable[] = [
  {
    table: 'MfaFactor',
    async page(tx, cursor) {
      const rows = await tx.mfaFactor.findMany({ where: { id: after(cursor) }, orderBy: { id: 'asc' }, take: PAGE, select: { id: true, userId: true, secretEncrypted: true } });
      return rows.map((r) => ({ id: r.id, sealed: [{ column: 'secretEncrypted', purpose: TOTP_SECRET_PURPOSE, owner: r.userId, stored: r.secretEncrypted }] }));
    },
    write: async (tx, id, _column, from, to) => (await tx.mfaFactor.updateMany({ where: { id, secretEncrypted: from }, data: { secretEncrypted: to } })).count,
  },
  {
    table: 'OidcSigningKey',
    async page(tx, cursor) {
      const rows = await tx.oidcSigningKey.findMany({ where: { kid: after(cursor) }, orderBy: { kid: 'asc' }, take: PAGE, select: { kid: true, privateJwkEncrypted: true } });
      return rows.map((r) => ({ id: r.kid, sealed: [{ column: 'privateJwkEncrypted', purpose: SIGNING_KEY_PURPOSE, owner: r.kid, stored: r.privateJwkEncrypted }] }));
    },
    write: async (tx, kid, _column, from, to) => (await tx.oidcSigningKey.updateMany({ where: { kid, privateJwkEncrypted: from }, data: { privateJwkEncrypted: to } })).count,
  },
  {
    table: 'WebhookEndpoint',
    async page(tx, cursor) {
      const rows = await tx.webhookEndpoint.findMany({ where: { id: after(cursor) }, orderBy: { id: 'asc' }, take: PAGE, select: { id: true, secretEncrypted: true } });
      return rows.map((r) => ({ id: r.id, sealed: [{ column: 'secretEncrypted', purpose: WEBHOOK_SECRET_PURPOSE, owner: r.id, stored: r.secretEncrypted }] }));
    },
    write: async (tx, id, _column, from, to) => (await tx.webhookEndpoint.updateMany({ where: { id, secretEncrypted: from }, data: { secretEncrypted: to } })).count,
  },
  {
    table: 'EnterpriseConnection',
    async page(tx, cursor) {
      const rows = await tx.enterpriseConnection.findMany({ where: { id: after(cursor) }, orderBy: { id: 'asc' }, take: PAGE, select: { id: true, clientSecret: true } });
      return rows.map((r) => ({ id: r.id, sealed: [{ column: 'clientSecret', purpose: CONNECTION_SECRET_PURPOSE, owner: r.id, stored: r.clientSecret }] }));
    },
    write: async (tx, id, _column, from, to) => (await tx.enterpriseConnection.updateMany({ where: { id, clientSecret: from }, data: { clientSecret: to } })).count,
  },
  {
    table: 'Account',
    async page(tx, cursor) {
      const rows = await tx.account.findMany({
        where: { id: after(cursor) },
        orderBy: { id: 'asc' },
        take: PAGE,
        select: { id: true, provider: true, providerAccountId: true, access_token: true, refresh_token: true, id_token: true },
      });
      return rows.map((r) => ({
        id: r.id,
        sealed: PROVIDER_TOKEN_FIELDS.map((field) => ({ column: field, purpose: providerTokenPurpose(field), owner: providerTokenOwner(r), stored: r[field] })),
      }));
    },
    write: async (tx, id, column, from, to) => (await tx.account.updateMany({ where: { id, [column]: from }, data: { [column]: to } })).count,
  },
  {
    table: 'VerificationToken (pending account links)',
    async page(tx, cursor) {
      const rows = await tx.verificationToken.findMany({
        where: { id: after(cursor), purpose: 'account_link', payload: { not: null } },
        orderBy: { id: 'asc' },
        take: PAGE,
        select: { id: true, payload: true },
      });
      return rows.map((r) => ({ id: r.id, sealed: [{ column: 'payload', purpose: PENDING_LINK_PURPOSE, owner: r.id, stored: r.payload }] }));
    },
    write: async (tx, id, _column, from, to) => (await tx.verificationToken.updateMany({ where: { id, payload: from }, data: { payload: to } })).count,
  },
  {
    // Waiting emails carry links and addresses; a finished job keeps no payload.
    table: 'Job',
    async page(tx, cursor) {
      const rows = await tx.job.findMany({ where: { id: after(cursor), payload: { not: null } }, orderBy: { id: 'asc' }, take: PAGE, select: { id: true, name: true, payload: true } });
      return rows.map((r) => ({ id: r.id, sealed: [{ column: 'payload', purpose: jobPayloadPurpose(r.name), owner: r.id, stored: r.payload }] }));
    },
    write: async (tx, id, _column, from, to) => (await tx.job.updateMany({ where: { id, payload: from }, data: { payload: to } })).count,
  },
];

export type TableCounts = {
  /** Rewritten under the current key, bound to the row. */
  rewritten: number;
  /** Already under the current key and bound: left alone. */
  current: number;
  /** Written by someone else between the read and the write (a rotation in the console, a sign-in): theirs stands; run again. */
  changed: number;
  /** Not decryptable with any configured key, or not bound to this row (copied from another): left as it is. */
  unreadable: number;
};

export type ReencryptionReport = {
  tables: Record<string, TableCounts>;
  /** Where each unreadable value is; never the value. */
  unreadable: { table: string; id: string; column: string; reason: string }[];
};

async function reencryptPage(tx: Tx, spec: SealedTable, cursor: string | undefined, counts: TableCounts, report: ReencryptionReport) {
  const rows = await spec.page(tx, cursor);
  for (const row of rows) {
    for (const { column, purpose, owner, stored } of row.sealed) {
      if (stored === null) continue;
      let next: string | null;
      try {
        next = reencryptIfStale(stored, purpose, owner);
      } catch (error) {
        counts.unreadable += 1;
        report.unreadable.push({ table: spec.table, id: row.id, column, reason: error instanceof Error ? error.message : String(error) });
        continue;
      }
      if (next === null) counts.current += 1;
      else if ((await spec.write(tx, row.id, column, stored, next)) === 1) counts.rewritten += 1;
      else counts.changed += 1;
    }
  }
  return rows.length === PAGE ? rows.at(-1)!.id : null;
}

/** Rewrites every stale ciphertext (unbound, or under a previous AUTH_SECRET), table by table, one transaction per page. */
export async function reencryptStoredSecrets(client: Db = db): Promise<ReencryptionReport> {
  const report: ReencryptionReport = { tables: {}, unreadable: [] };
  for (const spec of TABLES) {
    const counts: TableCounts = { rewritten: 0, current: 0, changed: 0, unreadable: 0 };
    report.tables[spec.table] = counts;
    let cursor: string | undefined;
    for (;;) {
      const next = await client.$transaction((tx) => reencryptPage(tx, spec, cursor, counts, report));
      if (next === null) break;
      cursor = next;
    }
  }
  return report;
}
