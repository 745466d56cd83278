import 'server-only';
import { getProvider } from '@/lib/oidc/provider';

/**
 * The client behind a management API access token, or null. Only client-credentials tokens
 * from Gatehouse's own provider count: a token issued to an app on a person's behalf is not
 * a licence to manage everyone. The provider's own lookup checks expiry and revocation, and
 * the client must still be registered and enabled.
 */
export async function clientOfAccessToken(token: string): Promise<{ clientId: string; clientName: string; scopes: Set<string> } | null> {
  const provider = await getProvider();
  const found = await provider.ClientCredentials.find(token);
  if (!found?.clientId) return null;
  const client = await provider.Client.find(found.clientId);
  if (!client) return null;
  return {
    clientId: found.clientId,
    clientName: typeof client.clientName === 'string' ? client.clientName : found.clientId,
    scopes: new Set((found.scope ?? '').split(' ').filter(Boolean)),
  };
}

/** The token of an `Authorization: Bearer` header (RFC 6750 §2.1). */
export function bearerToken(request: Request): string | null {
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(request.headers.get('authorization') ?? '');
  return match?.[1] ?? null;
}
