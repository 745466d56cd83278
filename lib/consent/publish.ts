import 'server-only';
import { db, type Tx } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { auditedAs, systemActor, type StaffActor, type SystemActor } from '@/lib/audit/actor';

/** Who publishes texts: compliance staff in the console, or the operator's `npm run consent:publish`. */
export type ConsentPublisher = StaffActor | SystemActor;

export type PublishResult =
  | { ok: true; purpose: { key: string; kind: string; required: boolean }; version: number; asksAgain: boolean }
  | { ok: false; error: 'unknown_purpose' | 'empty_text'; message: string };

/** A required document's new version is put to everyone at their next sign-in (lib/consent/re-consent.ts). */
export function asksAgain(purpose: { kind: string; required: boolean; active: boolean }) {
  return purpose.kind === 'document' && purpose.required && purpose.active;
}

/** What publishing did, in the words the console and the CLI both print. */
export function describePublished(result: Extract<PublishResult, { ok: true }>) {
  const asked = result.asksAgain ? ' Customers will be asked to accept it at their next sign-in.' : '';
  return `Published version ${result.version} of "${result.purpose.key}".${asked}`;
}

/**
 * Adds the next version of a purpose's text and audits it, inside the caller's transaction:
 * publishing and creating a purpose (its first version) share it.
 */
export async function appendConsentVersion(
  tx: Tx,
  purpose: { id: string; key: string },
  content: { title: string; text: string },
  by: ConsentPublisher,
) {
  const latest = await tx.consentVersion.findFirst({ where: { purposeId: purpose.id }, orderBy: { version: 'desc' }, select: { version: true } });
  const version = (latest?.version ?? 0) + 1;
  await tx.consentVersion.create({ data: { purposeId: purpose.id, version, title: content.title, text: content.text } });
  await recordAudit(tx, {
    action: 'consent.version_published',
    ...auditedAs(by),
    target: { type: 'consent_purpose', id: purpose.id },
    metadata: { purpose: purpose.key, version },
  });
  return version;
}

/**
 * Publishes a new version of a purpose's or document's text, from the console or
 * `npm run consent:publish`. Earlier versions stay (records point at the exact text
 * agreed to); for a required document, everyone who accepted an older version is
 * asked to accept this one at their next sign-in.
 */
export async function publishConsentVersion(
  purposeKey: string,
  content: { title: string; text: string },
  by: ConsentPublisher = systemActor(),
): Promise<PublishResult> {
  const title = content.title.trim();
  const text = content.text.trim();
  if (!title || !text) return { ok: false, error: 'empty_text', message: 'A version needs a title and a text.' };
  return db.$transaction(async (tx) => {
    const purpose = await tx.consentPurpose.findUnique({ where: { key: purposeKey } });
    if (!purpose) return { ok: false, error: 'unknown_purpose', message: `There is no consent purpose or document "${purposeKey}".` };
    const version = await appendConsentVersion(tx, purpose, { title, text }, by);
    return { ok: true, purpose: { key: purpose.key, kind: purpose.kind, required: purpose.required }, version, asksAgain: asksAgain(purpose) };
  });
}
