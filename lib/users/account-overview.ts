import 'server-only';
import { db } from '@/lib/db/client';

/** What the customer sees about themselves on their account overview. */
export async function accountOverview(userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    include: { password: { select: { userId: true } }, attributes: { select: { key: true, value: true } } },
  });
  return {
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerified,
    hasPassword: !!user.password,
    createdAt: user.createdAt,
    signInCount: user.signInCount,
    attributes: Object.fromEntries(user.attributes.map((a) => [a.key, a.value])),
  };
}
