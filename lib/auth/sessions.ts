import 'server-only';
import { config } from '@/lib/config';
import { db, withTransaction, type DbOrTx, type Tx } from '@/lib/db/client';
import { rawDate, type RawDate } from '@/lib/db/raw-values';
import { generateToken, hashToken } from '@/lib/crypto/tokens';
import type { RequestContext } from '@/lib/http/request-context';
import { emitWebhookEvent } from '@/lib/webhooks/emit';

export type AuthMethod = 'password' | 'magic_link' | 'email_code' | 'passkey' | 'totp' | 'recovery_code' | 'oidc';

/** The one place the session cookie is described; Auth.js reads the same settings. */
export function sessionCookie() {
  const secure = config().secureCookies;
  return {
    // __Host- binds the cookie to this origin (no Domain, path /, Secure) where HTTPS allows it.
    name: secure ? '__Host-gatehouse.session' : 'gatehouse.session',
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure },
  };
}

const hashSessionToken = (token: string) => hashToken(token, 'session');

type NewSession = { userId: string; methods: AuthMethod[]; context: RequestContext };

/** Starts a session; the returned token goes in the cookie and is never stored. */
export function createSession(tx: DbOrTx, input: NewSession) {
  return createSessionWithToken(tx, generateToken(), input);
}

export async function createSessionWithToken(tx: DbOrTx, token: string, input: NewSession) {
  const { idleTimeoutSeconds, absoluteLifetimeSeconds } = config().session;
  const now = Date.now();
  const methods = [...new Set(input.methods)];
  return withTransaction(tx, async (t) => {
    const session = await t.session.create({
      data: {
        sessionToken: hashSessionToken(token),
        userId: input.userId,
        expires: new Date(now + idleTimeoutSeconds * 1000),
        absoluteExpiresAt: new Date(now + absoluteLifetimeSeconds * 1000),
        authMethods: methods.join(','),
        ipAddress: input.context.ip,
        userAgent: input.context.userAgent?.slice(0, 512),
      },
    });
    await emitWebhookEvent(t, 'session.created', { userId: input.userId, sessionId: session.id, methods });
    return { token, session };
  });
}

/**
 * The per-request check: one indexed lookup by token hash, joined to the user.
 * Revoked, expired or suspended means no session, so revocation bites on the next request.
 */
export async function findActiveSession(token: string) {
  const found = await db.session.findUnique({
    where: { sessionToken: hashSessionToken(token) },
    include: { user: true },
  });
  return found && isLive(found, found.user) ? found : null;
}

/** Revoked, past either expiry, or its user no longer active: no session. */
function isLive(session: { revokedAt: Date | null; expires: Date; absoluteExpiresAt: Date }, user: { status: string }) {
  const now = Date.now();
  return !session.revokedAt && session.expires.getTime() >= now && session.absoluteExpiresAt.getTime() >= now && user.status === 'active';
}

type LiveSessionRow = {
  id: string;
  userId: string;
  expires: RawDate;
  absoluteExpiresAt: RawDate;
  authenticatedAt: RawDate;
  authMethods: string;
  revokedAt: RawDate | null;
  email: string;
  name: string | null;
  emailVerified: RawDate | null;
  status: string;
};

/**
 * findActiveSession for the checks on every request (the session endpoint, every page through
 * getCurrentSession): the same rule, with only the columns they answer with, in one statement
 * where Prisma's include sends two. Auth.js's adapter and the OpenID Provider keep the full rows.
 */
export async function findLiveSession(token: string) {
  const [row] = await db.$queryRaw<LiveSessionRow[]>`
    SELECT s."id", s."userId", s."expires", s."absoluteExpiresAt", s."authenticatedAt", s."authMethods", s."revokedAt",
           u."email", u."name", u."emailVerified", u."status"
    FROM "Session" s
    JOIN "User" u ON u."id" = s."userId"
    WHERE s."sessionToken" = ${hashSessionToken(token)}`;
  if (!row) return null;
  const session = {
    id: row.id,
    userId: row.userId,
    expires: rawDate(row.expires)!,
    absoluteExpiresAt: rawDate(row.absoluteExpiresAt)!,
    authenticatedAt: rawDate(row.authenticatedAt)!,
    authMethods: row.authMethods,
    revokedAt: rawDate(row.revokedAt),
  };
  if (!isLive(session, row)) return null;
  return { ...session, user: { id: row.userId, email: row.email, name: row.name, emailVerified: rawDate(row.emailVerified) } };
}

/**
 * Auth.js's rule for database sessions, for the session checks that do without Auth.js: the
 * idle expiry is written forward once the row's is older than the touch interval, so a busy
 * session costs one write per interval, not one per request. Returns the expiry to give the cookie.
 */
export async function slideIdleExpiry(token: string, rowExpires: Date): Promise<Date> {
  const { idleTimeoutSeconds, touchIntervalSeconds } = config().session;
  const now = Date.now();
  const expires = new Date(now + idleTimeoutSeconds * 1000);
  if (rowExpires.getTime() - idleTimeoutSeconds * 1000 + touchIntervalSeconds * 1000 <= now) await touchSession(token, expires);
  return expires;
}

/**
 * Slides the idle expiry; Auth.js calls this at most once per touch interval.
 * The absolute lifetime is enforced by findActiveSession, so no cap is needed here.
 */
export async function touchSession(token: string, expires: Date) {
  return db.session.update({
    where: { sessionToken: hashSessionToken(token) },
    data: { expires, lastSeenAt: new Date() },
  });
}

type SessionFilter = NonNullable<Parameters<Tx['session']['updateManyAndReturn']>[0]>['where'];

/** Revokes the live sessions matching `where` and tells webhook subscribers about each; returns how many. */
async function revokeWhere(tx: DbOrTx, where: SessionFilter, reason: string) {
  return withTransaction(tx, async (t) => {
    const revoked = await t.session.updateManyAndReturn({
      where: { ...where, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: reason },
      select: { id: true, userId: true },
    });
    for (const session of revoked) await emitWebhookEvent(t, 'session.revoked', { userId: session.userId, sessionId: session.id, reason });
    return { count: revoked.length };
  });
}

export async function revokeSessionByToken(tx: DbOrTx, token: string, reason: string) {
  return revokeWhere(tx, { sessionToken: hashSessionToken(token) }, reason);
}

export async function revokeSession(tx: DbOrTx, sessionId: string, reason: string) {
  return revokeWhere(tx, { id: sessionId }, reason);
}

/** Revokes every live session of a user, except `keepSessionId` when given. */
export async function revokeUserSessions(tx: DbOrTx, userId: string, reason: string, keepSessionId?: string | null) {
  return revokeWhere(tx, { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) }, reason);
}
