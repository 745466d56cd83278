import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { config } from '@/lib/config';
import { encryptSecret, decryptSecret } from '@/lib/crypto/encryption';
import { newRecordId } from '@/lib/db/record-id';
import { vetOutboundUrl, type HostResolver, type OutboundPolicy } from '@/lib/http/outbound-guard';
import { auditedAs, type StaffActor } from '@/lib/audit/actor';
import type { z } from 'zod';
import type { createConnectionSchema, updateConnectionSchema } from '@/lib/validation/federation';
import { publicMailDomainIn } from './public-mail-domains';

/** Auth.js provider ids of enterprise connections: one per connection, so callbacks name their connection. */
export const ENTERPRISE_PREFIX = 'enterprise-';
export const enterpriseProviderId = (connectionId: string) => `${ENTERPRISE_PREFIX}${connectionId}`;
export const connectionIdOf = (providerId: string) => (providerId.startsWith(ENTERPRISE_PREFIX) ? providerId.slice(ENTERPRISE_PREFIX.length) : null);

/** The associated-data purpose of a stored client secret; its owner is the connection's id. */
export const CONNECTION_SECRET_PURPOSE = 'enterprise-connection:client-secret';

export type ConnectionFailure = { ok: false; error: string; field?: 'domains' | 'issuer' };

/** Where the IdP may be: the configuration's policy, unless a test names another policy or resolver. */
export type IssuerTargetOptions = { outbound?: OutboundPolicy; resolve?: HostResolver };

const ISSUER_REFUSALS = {
  insecure_scheme: 'Use an https:// issuer URL.',
  private_network: 'This issuer is on a private network (this machine, the local network or cloud metadata), which this server does not call.',
  not_found: 'This issuer’s host name cannot be found. Check the URL.',
} as const;

/**
 * What only the server can check, before anything is stored: no public mail domain, and
 * an issuer this server is allowed to call (https at a public address in production).
 * Every request to the IdP is checked again when it is made (providers.ts).
 */
async function detailsRefusal(input: { issuer: string; domains: string[] }, options: IssuerTargetOptions): Promise<ConnectionFailure | null> {
  const publicDomain = publicMailDomainIn(input.domains);
  if (publicDomain) {
    return { ok: false, field: 'domains', error: `${publicDomain} is a public mail service: anyone can have an address there, so no organisation can claim it.` };
  }
  const vetted = await vetOutboundUrl(input.issuer, options.outbound ?? config().connections.outbound, options.resolve);
  if (vetted.ok) return null;
  const error = vetted.reason in ISSUER_REFUSALS ? ISSUER_REFUSALS[vetted.reason as keyof typeof ISSUER_REFUSALS] : 'Enter the issuer URL, like https://login.acme.com.';
  return { ok: false, field: 'issuer', error };
}

export const domainsOf = (stored: string) => stored.split(',').filter(Boolean);
export const domainOfEmail = (email: string) => email.trim().toLowerCase().split('@')[1] ?? '';

export function listConnections() {
  return db.enterpriseConnection.findMany({
    orderBy: { name: 'asc' },
    select: { id: true, name: true, issuer: true, clientId: true, domains: true, enabled: true, updatedAt: true },
  });
}

export function findConnection(id: string) {
  return db.enterpriseConnection.findUnique({
    where: { id },
    select: { id: true, name: true, issuer: true, clientId: true, domains: true, enabled: true, updatedAt: true },
  });
}

/**
 * Home-realm discovery: the enabled connection that owns an email's domain, if any.
 * Connections are few (one per customer organisation), so they are matched here
 * rather than through a domain table.
 */
export async function connectionForEmail(tx: DbOrTx, email: string) {
  const domain = domainOfEmail(email);
  if (!domain) return null;
  const enabled = await tx.enterpriseConnection.findMany({ where: { enabled: true }, select: { id: true, name: true, domains: true } });
  return enabled.find((c) => domainsOf(c.domains).includes(domain)) ?? null;
}

/** What Auth.js needs to talk to the connection's IdP, secret decrypted; null when missing or switched off. */
export async function enabledConnectionForProvider(tx: DbOrTx, connectionId: string) {
  const found = await tx.enterpriseConnection.findUnique({ where: { id: connectionId } });
  if (!found || !found.enabled) return null;
  return { ...found, clientSecret: decryptSecret(found.clientSecret, CONNECTION_SECRET_PURPOSE, found.id), domainList: domainsOf(found.domains) };
}

/** A domain may belong to one enabled connection only, or discovery would be ambiguous. */
async function domainClash(tx: DbOrTx, domains: string[], exceptId?: string) {
  const others = await tx.enterpriseConnection.findMany({ where: { enabled: true, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { name: true, domains: true } });
  for (const other of others) {
    const shared = domainsOf(other.domains).find((d) => domains.includes(d));
    if (shared) return { ok: false as const, field: 'domains' as const, error: `${shared} already signs in through ${other.name}.` };
  }
  return null;
}

export async function createConnection(input: z.output<typeof createConnectionSchema>, actor: StaffActor, options: IssuerTargetOptions = {}) {
  const refusal = await detailsRefusal(input, options);
  if (refusal) return refusal;
  return db.$transaction(async (tx) => {
    const clash = await domainClash(tx, input.domains);
    if (clash) return clash;
    // The id is chosen first so the secret can be bound to its row before the insert.
    const id = newRecordId();
    const created = await tx.enterpriseConnection.create({
      data: {
        id,
        name: input.name,
        issuer: input.issuer,
        clientId: input.clientId,
        clientSecret: encryptSecret(input.clientSecret, CONNECTION_SECRET_PURPOSE, id),
        domains: input.domains.join(','),
      },
    });
    await recordAudit(tx, {
      action: 'connection.created',
      ...auditedAs(actor),
      target: { type: 'connection', id: created.id },
      metadata: { name: input.name, issuer: input.issuer, domains: input.domains.join(',') },
    });
    return { ok: true as const, id: created.id };
  });
}

export async function updateConnection(id: string, input: z.output<typeof updateConnectionSchema>, actor: StaffActor, options: IssuerTargetOptions = {}) {
  const refusal = await detailsRefusal(input, options);
  if (refusal) return refusal;
  return db.$transaction(async (tx) => {
    const current = await tx.enterpriseConnection.findUnique({ where: { id } });
    if (!current) return { ok: false as const, error: 'This connection no longer exists.' };
    const clash = current.enabled ? await domainClash(tx, input.domains, id) : null;
    if (clash) return clash;
    await tx.enterpriseConnection.update({
      where: { id },
      data: {
        name: input.name,
        issuer: input.issuer,
        clientId: input.clientId,
        domains: input.domains.join(','),
        ...(input.clientSecret ? { clientSecret: encryptSecret(input.clientSecret, CONNECTION_SECRET_PURPOSE, id) } : {}),
      },
    });
    await recordAudit(tx, {
      action: 'connection.updated',
      ...auditedAs(actor),
      target: { type: 'connection', id },
      metadata: { name: input.name, issuer: input.issuer, domains: input.domains.join(','), secretChanged: !!input.clientSecret },
    });
    return { ok: true as const };
  });
}

export async function setConnectionEnabled(id: string, enabled: boolean, actor: StaffActor) {
  return db.$transaction(async (tx) => {
    const current = await tx.enterpriseConnection.findUnique({ where: { id } });
    if (!current) return { ok: false as const, error: 'This connection no longer exists.' };
    if (current.enabled === enabled) return { ok: true as const };
    if (enabled) {
      const clash = await domainClash(tx, domainsOf(current.domains), id);
      if (clash) return { ok: false as const, error: clash.error };
    }
    await tx.enterpriseConnection.update({ where: { id }, data: { enabled } });
    await recordAudit(tx, {
      action: enabled ? 'connection.enabled' : 'connection.disabled',
      ...auditedAs(actor),
      target: { type: 'connection', id },
      metadata: { name: current.name },
    });
    return { ok: true as const };
  });
}
