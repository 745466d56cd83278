import 'server-only';
import NextAuth from 'next-auth';
import type { Adapter } from 'next-auth/adapters';
import { PrismaAdapter } from '@auth/prisma-adapter';
import { config } from '@/lib/config';
import { db } from '@/lib/db/client';
import { encryptProviderTokens } from '@/lib/federation/account-tokens';
import { federatedSignInCallback } from '@/lib/federation/authjs-sign-in';
import { providersFor } from '@/lib/federation/providers';
import { publicSession } from './session-endpoint';
import { createSessionWithToken, findActiveSession, revokeSessionByToken, sessionCookie, touchSession } from './sessions';

/**
 * @auth/prisma-adapter, with sessions made ours: tokens are stored as keyed hashes,
 * and a revoked, expired or suspended session reads as no session at all. Password,
 * passkey and email sign-ins create sessions through lib/auth/sessions.ts (Auth.js's
 * Credentials provider would give stateless JWTs that cannot be revoked). Federated
 * sign-ins leave Auth.js in the signIn callback (lib/federation/authjs-sign-in.ts) and
 * start their session through lib/auth/sessions.ts too.
 */
function gatehouseAdapter(): Adapter {
  const base = PrismaAdapter(db);
  return {
    ...base,
    // Not reached while the signIn callback takes over every federated sign-in; kept so
    // that provider tokens can never be written in plain text by any path.
    async linkAccount(account) {
      await base.linkAccount!({ ...account, ...encryptProviderTokens(account, account) } as typeof account);
    },
    // Federated sign-ins (Auth.js providers) land here with Auth.js's own random token.
    async createSession({ sessionToken, userId }) {
      const { session } = await createSessionWithToken(db, sessionToken, { userId, methods: ['oidc'], context: { ip: null, userAgent: null } });
      return { ...session, sessionToken };
    },
    async getSessionAndUser(token) {
      const found = await findActiveSession(token);
      if (!found) return null;
      const { user, ...session } = found;
      return { session: { ...session, sessionToken: token }, user };
    },
    async updateSession({ sessionToken, expires }) {
      if (!expires) return null;
      const updated = await touchSession(sessionToken, expires);
      return updated && { ...updated, sessionToken };
    },
    async deleteSession(token) {
      await revokeSessionByToken(db, token, 'expired');
    },
  };
}

// Lazy, so `next build` does not need runtime secrets; per request, so the enterprise
// connection a sign-in names is read from the database when it is used.
export const { handlers } = NextAuth(async (request) => {
  const { secureCookies, secret, previousSecrets, session } = config();
  return {
  adapter: gatehouseAdapter(),
  providers: await providersFor(request?.nextUrl.pathname ?? null),
  // Auth.js writes with the first and reads with any (its state, PKCE and nonce cookies survive a rotation).
  secret: [secret, ...previousSecrets],
  trustHost: true,
  useSecureCookies: secureCookies,
  session: { strategy: 'database', maxAge: session.idleTimeoutSeconds, updateAge: session.touchIntervalSeconds },
  cookies: { sessionToken: sessionCookie() },
  pages: { signIn: '/sign-in', error: '/sign-in' },
  callbacks: {
    signIn: ({ account, profile, user }) => federatedSignInCallback({ account, profile, user }),
    // The public shape (lib/auth/session-endpoint.ts): never the session row, which holds the token.
    session({ session: s, user }) {
      // Typed by Auth.js as an ISO string; at run time it is the row's Date, as publicSession has it.
      return { ...publicSession(s as unknown as Parameters<typeof publicSession>[0], user), expires: s.expires };
    },
  },
  };
});
