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
