import 'server-only';
import { db } from '@/lib/db/client';

export async function adminSummary() {
  const now = new Date();
  const [users, verified, activeSessions] = await Promise.all([
    db.user.count(),
    db.user.count({ where: { emailVerified: { not: null } } }),
    db.session.count({ where: { revokedAt: null, expires: { gt: now }, absoluteExpiresAt: { gt: now } } }),
  ]);
  return { users, verified, activeSessions };
}

/** The newest accounts with their lifecycle and verification state, for staff. */
export async function newestUsers(take = 20) {
  return db.user.findMany({
    orderBy: { createdAt: 'desc' },
    take,
    select: { id: true, email: true, name: true, status: true, emailVerified: true, createdAt: true, lastSignInAt: true },
  });
}
