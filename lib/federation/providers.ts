import 'server-only';
// next-auth re-exports this symbol from @auth/core (which it pins exactly); importing it from
// the core keeps this module loadable outside Next.js (tests), and it is the same symbol.
import { customFetch } from '@auth/core';
import type { Provider } from 'next-auth/providers';
import type { OIDCConfig } from 'next-auth/providers';
import Google from 'next-auth/providers/google';
import GitHub from 'next-auth/providers/github';
import Apple from 'next-auth/providers/apple';
import MicrosoftEntraID from 'next-auth/providers/microsoft-entra-id';
import { config, type AppConfig } from '@/lib/config';
import { db } from '@/lib/db/client';
import { fetchOutbound } from '@/lib/http/outbound-guard';
import { connectionIdOf, enabledConnectionForProvider, enterpriseProviderId } from './connections';
import { gitHubProfileWithVerifiedEmail } from './github-profile';

export type SignInProvider = { id: string; name: string };
type SocialSettings = AppConfig['socialProviders'];

/** Social and generic OIDC providers switched on by their environment variables, in button order. */
export function configuredSocialProviders(p: SocialSettings = config().socialProviders): SignInProvider[] {
  const list: (SignInProvider | false)[] = [
    !!p.google && { id: 'google', name: 'Google' },
    !!p.github && { id: 'github', name: 'GitHub' },
    !!p.apple && { id: 'apple', name: 'Apple' },
    !!p.microsoft && { id: 'microsoft-entra-id', name: 'Microsoft' },
    !!p.oidc && { id: 'oidc', name: p.oidc.name },
  ];
  return list.filter((x): x is SignInProvider => !!x);
}

// PKCE, state and nonce on every OIDC provider: the code cannot be injected or replayed,
// and the ID token is bound to this browser's request (OpenID Connect Core 3.1.2.1, RFC 9700 2.1.1).
const OIDC_CHECKS: OIDCConfig<Record<string, unknown>>['checks'] = ['pkce', 'state', 'nonce'];

/** The Auth.js providers behind those buttons. */
export function socialProviders(p: SocialSettings = config().socialProviders): Provider[] {
  const list: Provider[] = [];
  if (p.google) list.push(Google({ ...p.google, checks: OIDC_CHECKS }));
  if (p.github) {
    list.push(GitHub({ ...p.github, userinfo: { url: 'https://api.github.com/user', request: ({ tokens }: { tokens: { access_token?: string } }) => gitHubProfileWithVerifiedEmail(tokens.access_token) } }));
  }
  if (p.apple) list.push(Apple(p.apple));
  if (p.microsoft) list.push(MicrosoftEntraID({ clientId: p.microsoft.clientId, clientSecret: p.microsoft.clientSecret, issuer: p.microsoft.issuer, checks: OIDC_CHECKS }));
  if (p.oidc) {
    list.push({ id: 'oidc', name: p.oidc.name, type: 'oidc', issuer: p.oidc.issuer, clientId: p.oidc.clientId, clientSecret: p.oidc.clientSecret, checks: OIDC_CHECKS, idToken: false });
  }
  return list;
}

/**
 * Auth.js's fetch for an enterprise IdP: discovery, token and userinfo requests go through
 * the outbound guard, so neither the issuer an administrator typed nor the endpoints its
 * discovery document names can point this server at its own network, and in production
 * they must be https (Auth.js itself allows plain http to any issuer).
 */
export const enterpriseIdpFetch: typeof fetch = (input, init) => fetchOutbound(input, init, config().connections.outbound);

/** An enterprise connection as an Auth.js OIDC provider, built for the one request that uses it. */
function enterpriseProvider(connection: NonNullable<Awaited<ReturnType<typeof enabledConnectionForProvider>>>): Provider {
  return {
    id: enterpriseProviderId(connection.id),
    name: connection.name,
    type: 'oidc',
    issuer: connection.issuer,
    clientId: connection.clientId,
    clientSecret: connection.clientSecret,
    checks: OIDC_CHECKS,
    // IdPs may put the scope's claims in the ID token or only at the userinfo endpoint
    // (OIDC Core 5.4); asking userinfo (its `sub` checked against the ID token's) works for both.
    idToken: false,
    authorization: { params: { scope: 'openid email profile' } },
    [customFetch]: enterpriseIdpFetch,
  };
}

const ENTERPRISE_ROUTE = /^\/api\/auth\/(?:signin|callback)\/([^/?#]+)/;

/**
 * The providers for one Auth.js request. Enterprise connections live in the database
 * and can change at any time, so the one a sign-in or callback URL names is loaded
 * for that request only; session reads (no request, or any other route) touch no
 * connection at all.
 */
export async function providersFor(pathname: string | null): Promise<Provider[]> {
  const providers = socialProviders();
  const match = pathname ? ENTERPRISE_ROUTE.exec(pathname) : null;
  const connectionId = match?.[1] ? connectionIdOf(decodeURIComponent(match[1])) : null;
  if (connectionId) {
    const connection = await enabledConnectionForProvider(db, connectionId);
    if (connection) providers.push(enterpriseProvider(connection));
  }
  return providers;
}

/** How a linked identity is named to its owner: "Google", or the organisation's name. */
export async function providerNames(providerIds: string[]): Promise<Record<string, string>> {
  const names: Record<string, string> = Object.fromEntries(configuredSocialProviders().map((p) => [p.id, p.name]));
  Object.assign(names, { google: 'Google', github: 'GitHub', apple: 'Apple', 'microsoft-entra-id': 'Microsoft', ...names });
  const connectionIds = providerIds.map(connectionIdOf).filter((id): id is string => !!id);
  if (connectionIds.length > 0) {
    const connections = await db.enterpriseConnection.findMany({ where: { id: { in: connectionIds } }, select: { id: true, name: true } });
    for (const c of connections) names[enterpriseProviderId(c.id)] = c.name;
  }
  return names;
}
