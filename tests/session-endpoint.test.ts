import { NextRequest } from 'next/server.js';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { handlers } from '@/lib/auth/authjs';
import { answerSessionCheck } from '@/lib/auth/session-endpoint';
import { revokeSession, sessionCookie } from '@/lib/auth/sessions';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { config } from '@/lib/config';
import { GOOD_PASSWORD, newContext, signedInFrom, signUpCustomer } from './support/fixtures';

// GET /api/auth/session is answered by lib/auth/session-endpoint.ts in the Node entry, without
// Auth.js; Auth.js answers every other /api/auth route. Each case asks both, for the same cookie,
// and the answers must agree: the body, and what the session cookie is set to.

async function signedInSession() {
  const { email, user } = await signUpCustomer();
  const result = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
  if (!result.ok) throw new Error(result.message);
  const { token, session } = signedInFrom(result.outcome);
  return { token, session, user };
}

const cookieHeader = (token: string) => `other=1; ${sessionCookie().name}=${token}`;

async function fromAuthjs(cookie: string | undefined) {
  const response = await handlers.GET(new NextRequest(`${config().appUrl}/api/auth/session`, { headers: cookie ? { cookie } : {} }));
  const session = response.headers.getSetCookie().find((c) => c.startsWith(`${sessionCookie().name}=`));
  return { status: response.status, body: (await response.json()) as unknown, sessionCookie: session };
}

/** A Set-Cookie's value, and whether it expires within `seconds` of the other's expiry. */
function cookieParts(setCookie: string | undefined) {
  if (!setCookie) return null;
  const [pair, ...attributes] = setCookie.split(/;\s*/);
  const expires = attributes.find((a) => /^expires=/i.test(a));
  const flags = attributes.filter((a) => !/^(expires|max-age)=/i.test(a)).map((a) => a.toLowerCase()).sort();
  const maxAge = attributes.find((a) => /^max-age=/i.test(a));
  return { value: pair!.slice(pair!.indexOf('=') + 1), expiresAt: expires ? Date.parse(expires.slice(8)) : null, gone: maxAge === 'Max-Age=0' || (expires ? Date.parse(expires.slice(8)) < Date.now() : false), flags };
}

function expectSameAnswer(ours: Awaited<ReturnType<typeof answerSessionCheck>>, theirs: Awaited<ReturnType<typeof fromAuthjs>>) {
  expect(theirs.status).toBe(200);
  expect(JSON.parse(JSON.stringify(ours.body))).toEqual(theirs.body);
  const a = cookieParts(ours.setCookie[0]);
  const b = cookieParts(theirs.sessionCookie);
  if (!a || !b) {
    expect(a).toBe(b);
    return;
  }
  expect({ value: a.value, gone: a.gone, flags: a.flags }).toEqual({ value: b.value, gone: b.gone, flags: b.flags });
  if (!a.gone) expect(Math.abs(a.expiresAt! - b.expiresAt!)).toBeLessThan(5_000);
}

describe('the session check without Auth.js', () => {
  it('answers a live session as Auth.js does: the public shape, and the cookie refreshed', async () => {
    const { token, user } = await signedInSession();
    const ours = await answerSessionCheck(cookieHeader(token));
    expect(ours.body).toMatchObject({ user: { id: user.id, email: user.email }, authMethods: ['password'] });
    expect(JSON.stringify(ours.body)).not.toContain(token);
    expectSameAnswer(ours, await fromAuthjs(cookieHeader(token)));
  });

  it('answers null to no cookie, and null with the cookie cleared to a revoked, expired or suspended session or an unknown token', async () => {
    expectSameAnswer(await answerSessionCheck(undefined), await fromAuthjs(undefined));
    expect(await answerSessionCheck('other=1')).toEqual({ body: null, setCookie: [] });

    const revoked = await signedInSession();
    await revokeSession(db, revoked.session.id, 'test');
    const expired = await signedInSession();
    await db.session.update({ where: { id: expired.session.id }, data: { expires: new Date(Date.now() - 1000) } });
    const suspended = await signedInSession();
    await db.user.update({ where: { id: suspended.user.id }, data: { status: 'suspended' } });

    for (const token of [revoked.token, expired.token, suspended.token, 'no-such-session-token']) {
      const ours = await answerSessionCheck(cookieHeader(token));
      expect(ours.body).toBeNull();
      expect(cookieParts(ours.setCookie[0])?.gone).toBe(true);
      expectSameAnswer(ours, await fromAuthjs(cookieHeader(token)));
    }
  });

  it('slides the expiry in the database once the touch interval has passed, and not before', async () => {
    const { token, session } = await signedInSession();
    const { idleTimeoutSeconds, touchIntervalSeconds } = config().session;
    await answerSessionCheck(cookieHeader(token));
    const fresh = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(fresh.expires.getTime()).toBe(session.expires.getTime());

    // Last written more than a touch interval ago.
    const stale = new Date(Date.now() + (idleTimeoutSeconds - touchIntervalSeconds - 60) * 1000);
    await db.session.update({ where: { id: session.id }, data: { expires: stale } });
    await answerSessionCheck(cookieHeader(token));
    const slid = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(slid.expires.getTime()).toBeGreaterThan(stale.getTime() + 30_000);
    expect(slid.lastSeenAt.getTime()).toBeGreaterThan(session.lastSeenAt.getTime());

    // Auth.js does the same to a session as stale.
    await db.session.update({ where: { id: session.id }, data: { expires: stale } });
    expect((await fromAuthjs(cookieHeader(token))).body).toMatchObject({ sessionId: session.id });
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).expires.getTime()).toBeGreaterThan(stale.getTime() + 30_000);
  });
});
