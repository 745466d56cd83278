import { z } from 'zod';
import { MANAGEMENT_API_SCOPE_NAMES } from './management-api';

// OpenID Provider clients and consent. Safe client-side: plain data and schemas.

/** Scopes Gatehouse offers to relying parties, each a set of claims (lib/oidc/claims.ts). */
export const OIDC_SCOPES = ['openid', 'offline_access', 'profile', 'email', 'phone', 'address', 'roles'] as const;
export type OidcScope = (typeof OIDC_SCOPES)[number];

export const OIDC_GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;

/** What a person reads on the consent page for each scope. */
export const SCOPE_DESCRIPTIONS: Record<OidcScope, string> = {
  openid: 'Know who you are when you sign in',
  offline_access: 'Stay signed in when you are not using it',
  profile: 'Your name',
  email: 'Your email address',
  phone: 'Your phone number',
  address: 'Your postal address',
  roles: 'Your roles at our company',
};

// Redirect URIs are matched exactly (OAuth 2.0 Security BCP, RFC 9700 §4.1.3): no wildcards,
// no fragments, and plain http only for loopback development apps.
const redirectUri = z
  .url({ error: 'Enter a full URL, like https://app.example.com/callback.' })
  .refine((v) => !v.includes('#'), 'A redirect URI cannot contain a fragment (#).')
  .refine((v) => {
    // z.url's own message covers text that is no URL at all.
    if (!URL.canParse(v)) return true;
    const url = new URL(v);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
  }, 'Use https (plain http only for localhost).');

/** A list of URIs, or the text of a form's box with one per line. */
const uriList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : v))
  .pipe(z.array(redirectUri).max(20, 'At most 20 URIs.'));

export const registerClientSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter the app’s name.').max(80, 'A name can be at most 80 characters.'),
    type: z.enum(['confidential', 'public'], { error: 'Choose confidential or public.' }),
    redirectUris: uriList,
    postLogoutRedirectUris: uriList.default([]),
    grantTypes: z.array(z.enum(OIDC_GRANT_TYPES)).min(1, 'Choose at least one grant type.'),
    scopes: z.array(z.enum([...OIDC_SCOPES, ...MANAGEMENT_API_SCOPE_NAMES])).min(1, 'Choose at least one scope.'),
    firstParty: z.boolean().default(false),
  })
  .refine((c) => !(c.type === 'public' && c.grantTypes.includes('client_credentials')), {
    path: ['grantTypes'],
    message: 'A public client has no secret, so it cannot use client credentials.',
  })
  // Management API scopes act on everyone's data: only a machine client, never one a person signs in to, may hold them.
  .refine((c) => !c.scopes.some((s) => !(OIDC_SCOPES as readonly string[]).includes(s)) || c.grantTypes.every((g) => g === 'client_credentials'), {
    path: ['scopes'],
    message: 'Management API scopes are only for machine clients that use client credentials alone.',
  })
  .refine((c) => !c.grantTypes.includes('refresh_token') || c.grantTypes.includes('authorization_code'), {
    path: ['grantTypes'],
    message: 'Refresh tokens come only with the authorization code grant: choose it too.',
  })
  .refine((c) => !c.grantTypes.includes('authorization_code') || c.redirectUris.length > 0, {
    path: ['redirectUris'],
    message: 'Add at least one redirect URI for the authorization code grant.',
  });
export type RegisterClientInput = z.input<typeof registerClientSchema>;

/** Client ids are base64url (lib/oidc/clients.ts); anything else names no client. */
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

/** A person removing an app's access to their account. */
export const removeConnectedAppSchema = z.object({ clientId: clientIdSchema });

/** The signing key the administrator saw as current: a rotation is refused if another one happened meanwhile. */
export const rotateSigningKeysSchema = z.object({ replacing: z.string().min(1).max(100) });

export const consentDecisionSchema = z.object({
  uid: z.string().min(1).max(100),
  decision: z.enum(['allow', 'deny']),
});
