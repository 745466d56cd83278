import { db } from '@/lib/db/client';
import type { CurrentSession } from '@/lib/auth/current-session';
import { createSession } from '@/lib/auth/sessions';
import { newContext } from './fixtures';

/** A real session row for a user, in the shape the app's actions receive. */
export async function sessionFor(userId: string, options: { authenticatedMinutesAgo?: number } = {}): Promise<CurrentSession & { token: string }> {
  const { token, session } = await createSession(db, { userId, methods: ['password'], context: newContext() });
  const authenticatedAt = new Date(Date.now() - (options.authenticatedMinutesAgo ?? 0) * 60_000);
  await db.session.update({ where: { id: session.id }, data: { authenticatedAt } });
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  return {
    token,
    sessionId: session.id,
    authMethods: ['password'],
    authenticatedAt: authenticatedAt.toISOString(),
    user: { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified },
  };
}
