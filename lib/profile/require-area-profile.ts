import 'server-only';
import { redirect } from 'next/navigation';
import { dueProfileFields } from './progressive';

/** Before entering an area that needs profile data, ask for what is missing and come back. */
export async function requireAreaProfile(userId: string, path: string) {
  const due = await dueProfileFields(userId, { kind: 'area', path });
  if (due.length > 0) redirect(`/complete-profile?area=${encodeURIComponent(path)}&next=${encodeURIComponent(path)}`);
}
