import 'server-only';
import { db } from '@/lib/db/client';

/**
 * Which claims each scope releases (OIDC Core §5.4, plus "roles"). The provider hands a
 * relying party only the claims of the scopes the person granted it.
 */
export const CLAIMS_BY_SCOPE = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name', 'updated_at'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
  roles: ['roles'],
} as const;

/** Everything Gatehouse can say about an account; the provider filters it by granted scope. */
export async function accountClaims(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: {
      attributes: { where: { key: { in: ['given_name', 'family_name', 'phone', 'postal_address'] } } },
      roles: { select: { role: { select: { key: true } } } },
    },
  });
  // Suspended, erased or soon-deleted accounts are unknown to relying parties.
  if (!user || user.status !== 'active') return null;
  const attribute = (key: string) => user.attributes.find((a) => a.key === key);
  const phone = attribute('phone');
  const address = attribute('postal_address');
  return {
    sub: user.id,
    name: user.name ?? undefined,
    given_name: attribute('given_name')?.value,
    family_name: attribute('family_name')?.value,
    updated_at: Math.floor(user.updatedAt.getTime() / 1000),
    email: user.email,
    email_verified: user.emailVerified !== null,
    phone_number: phone?.value,
    phone_number_verified: phone ? phone.verifiedAt !== null : undefined,
    address: address ? { formatted: address.value } : undefined,
    roles: user.roles.map((r) => r.role.key).sort(),
  };
}
