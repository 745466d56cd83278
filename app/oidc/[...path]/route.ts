import { handleOidcRequest } from '@/lib/oidc/handle-request';

// The OpenID Provider (oidc-provider) answers everything under /oidc: discovery, JWKS,
// authorization, token, userinfo, introspection, revocation and logout.
export const dynamic = 'force-dynamic';

export const GET = handleOidcRequest;
export const POST = handleOidcRequest;
export const OPTIONS = handleOidcRequest;
export const HEAD = handleOidcRequest;
