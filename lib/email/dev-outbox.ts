import 'server-only';
import { db } from '@/lib/db/client';
import { config } from '@/lib/config';

/** The outbox exists only where email is not really sent (no SMTP_URL). */
export function devOutboxEnabled() {
  return config().email.devOutbox;
}

export async function listOutbox(to?: string) {
  return db.devOutboxMessage.findMany({
    where: to ? { to: to.trim().toLowerCase() } : {},
    orderBy: { createdAt: 'desc' },
    take: 50,
  });
}
