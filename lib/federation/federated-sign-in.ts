import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { encryptSecret } from '@/lib/crypto/encryption';
import { newRecordId } from '@/lib/db/record-id';
import type { RequestContext } from '@/lib/http/request-context';
import { recordFailedSignIn } from '@/lib/auth/failed-sign-in';
import { canAttemptSignIn, continueSignIn, type SignInOutcome } from '@/lib/auth/sign-in-pipeline';
import { issueLinkToken } from '@/lib/auth/verification-tokens';
import { encryptProviderTokens } from './account-tokens';
import { connectionIdOf, domainOfEmail, enabledConnectionForProvider } from './connections';
import type { UpstreamIdentity } from './upstream-identity';
import { emitWebhookEvent } from '@/lib/webhooks/emit';

export type RefusalReason = 'no_email' | 'email_unverified' | 'inactive' | 'domain_not_allowed' | 'connection_disabled';

export type FederatedOutcome =
  | { kind: 'signed_in_or_next_step'; outcome: SignInOutcome; provisioned: boolean }
  /** The email belongs to an account this identity is not linked to: its owner must sign in to link. */
  | { kind: 'link_required'; linkToken: string }
  | { kind: 'refused'; reason: RefusalReason };

/** The associated-data purpose of a pending link's identity; its owner is the verification token row's id. */
export const PENDING_LINK_PURPOSE = 'pending-link';

/**
 * What happens when an upstream provider (social, generic OIDC or an enterprise
 * connection) vouches for someone. The identity signs in the account it is linked to,
 * or provisions a new account just in time. It never attaches itself to an existing
 * account by email alone: whoever controls a provider account (or a whole IdP) could
 * otherwise take over any Gatehouse account by asserting its address. Everything
 * after the first factor (second factor, restore, audit) is the shared pipeline's.
 */
export async function acceptUpstreamIdentity(upstream: UpstreamIdentity, context: RequestContext): Promise<FederatedOutcome> {
  return db.$transaction(async (tx) => {
    const checked = await checkEnterpriseIdentity(tx, upstream);
    if (!checked.ok) return refuse(tx, upstream, null, checked.reason, context);
    const identity = checked.identity;

    const linked = await tx.account.findUnique({
      where: { provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.providerAccountId } },
      include: { user: { select: { id: true, status: true } } },
    });
    if (linked) {
      if (!canAttemptSignIn(linked.user.status)) return refuse(tx, identity, linked.user.id, 'inactive', context, `status_${linked.user.status}`);
      // Fresh tokens replace the old ones, encrypted like the first.
      await tx.account.update({ where: { id: linked.id }, data: encryptProviderTokens(identity.tokens, linked) });
      const outcome = await continueSignIn(tx, { userId: linked.user.id, methods: ['oidc'], context, provider: identity.provider });
      return { kind: 'signed_in_or_next_step' as const, outcome, provisioned: false };
    }

    if (!identity.email) return refuse(tx, identity, null, 'no_email', context);
    const existing = await tx.user.findUnique({ where: { email: identity.email }, select: { id: true, status: true } });
    if (existing) {
      if (!canAttemptSignIn(existing.status)) return refuse(tx, identity, existing.id, 'inactive', context, `status_${existing.status}`);
      // Bound to its own row: a pending identity copied onto another person's pending link does not decrypt there.
      const pendingId = newRecordId();
      const linkToken = await issueLinkToken(tx, {
        purpose: 'account_link',
        email: identity.email,
        userId: existing.id,
        id: pendingId,
        payload: encryptSecret(JSON.stringify(identity), PENDING_LINK_PURPOSE, pendingId),
      });
      return { kind: 'link_required' as const, linkToken };
    }

    // A new account holds its address as proved. A provider that did not verify the address
    // has not proved it: provisioning from it would let anyone who can type an address at a
    // provider (or run an IdP) claim it before its owner, the federated form of pre-account
    // takeover. Refused, with a way on: sign up by email, then link the provider.
    if (!identity.emailVerified) return refuse(tx, identity, null, 'email_unverified', context);
    const userId = await provisionUser(tx, identity as UpstreamIdentity & { email: string }, context);
    const outcome = await continueSignIn(tx, { userId, methods: ['oidc'], context, provider: identity.provider });
    return { kind: 'signed_in_or_next_step' as const, outcome, provisioned: true };
  });
}

/**
 * An enterprise identity's link names the issuer it came from: `sub` is unique only
 * within its issuer (OpenID Connect Core 1.0 §2, §5.7: "iss" and "sub" together are the
 * stable identifier). So pointing a connection at another IdP starts a new namespace: a
 * person there with the same `sub` is not the person linked before, and must sign in to
 * link like anyone else. `#` cannot occur in an issuer (it has no fragment, Discovery §3).
 */
export const issuerBoundSubject = (issuer: string, sub: string) => `${issuer}#${sub}`;

type EnterpriseCheck = { ok: true; identity: UpstreamIdentity } | { ok: false; reason: RefusalReason };

/**
 * An enterprise connection only speaks for its own domains: an organisation's IdP
 * asserting someone else's address is refused, as is a connection switched off
 * between the redirect and the callback. Identities it vouches for are bound to
 * its issuer as read in this transaction, the one the link lookup runs in.
 */
async function checkEnterpriseIdentity(tx: DbOrTx, identity: UpstreamIdentity): Promise<EnterpriseCheck> {
  const connectionId = connectionIdOf(identity.provider);
  if (!connectionId) return { ok: true, identity };
  const connection = await enabledConnectionForProvider(tx, connectionId);
  if (!connection) return { ok: false, reason: 'connection_disabled' };
  if (!identity.email || !connection.domainList.includes(domainOfEmail(identity.email))) return { ok: false, reason: 'domain_not_allowed' };
  return { ok: true, identity: { ...identity, providerAccountId: issuerBoundSubject(connection.issuer, identity.providerAccountId) } };
}

async function refuse(tx: DbOrTx, identity: UpstreamIdentity, userId: string | null, reason: RefusalReason, context: RequestContext, auditReason?: string) {
  await recordFailedSignIn(tx, 'oidc', {
    userId,
    reason: auditReason ?? `federation_${reason}`,
    metadata: { methods: 'oidc', federated: true, provider: identity.provider },
    context,
  });
  return { kind: 'refused' as const, reason };
}

/** Just-in-time provisioning: a customer account from the provider's claims, audited as a sign-up. */
async function provisionUser(tx: DbOrTx, identity: UpstreamIdentity & { email: string }, context: RequestContext) {
  const attributes = [
    ['given_name', identity.givenName],
    ['family_name', identity.familyName],
  ].filter((a): a is [string, string] => !!a[1]);
  const name = [identity.givenName, identity.familyName].filter(Boolean).join(' ') || identity.name;
  const user = await tx.user.create({
    data: {
      email: identity.email,
      name,
      // Only an address the provider says it verified reaches here (see acceptUpstreamIdentity).
      emailVerified: new Date(),
      attributes: { create: attributes.map(([key, value]) => ({ key, value, searchValue: value.toLowerCase() })) },
      accounts: {
        create: {
          type: identity.type,
          provider: identity.provider,
          providerAccountId: identity.providerAccountId,
          ...encryptProviderTokens(identity.tokens, identity),
        },
      },
    },
  });
  const customer = await tx.role.findUnique({ where: { key: 'customer' } });
  if (customer) await tx.userRole.create({ data: { userId: user.id, roleId: customer.id } });
  // The same events a sign-up with a password sends, so subscribers see every new customer.
  await emitWebhookEvent(tx, 'user.created', { userId: user.id, method: 'oidc' });
  if (customer) await emitWebhookEvent(tx, 'role.assigned', { userId: user.id, role: customer.key });
  await recordUserEvent(tx, 'user.sign_up', {
    userId: user.id,
    metadata: { method: 'oidc', federated: true, provider: identity.provider, emailVerified: true },
    context,
  });
  return user.id;
}
