import 'server-only';
import { db } from '@/lib/db/client';
import { config } from '@/lib/config';

/** The outbox exists only where email is not really sent (no SMTP_URL). */
export function devOutboxEnabled() {
  return config().email.devOutbox;
}

/**
 * A production build with EMAIL_DEV_OUTBOX=true (a demo) holds every customer's links and codes
 * here, so only signed-in staff who may read users see it; in development it is open.
 */
export function devOutboxIsStaffOnly() {
  return config().env === 'production';
}

export async function listOutbox(to?: string) {
  return db.devOutboxMessage.findMany({
    where: to ? { to: to.trim().toLowerCase() } : {},
    orderBy: { createdAt: 'desc' },
    take: 50,
  });
}
