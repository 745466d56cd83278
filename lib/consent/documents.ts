import 'server-only';
import { db } from '@/lib/db/client';

/** The newest published version of a document (terms, privacy), for reading before accepting. */
export async function currentDocument(key: string) {
  return db.consentVersion.findFirst({
    where: { purpose: { key, kind: 'document', active: true } },
    orderBy: { version: 'desc' },
  });
}
