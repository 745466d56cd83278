import Link from 'next/link';
import type { ConsentState } from '@/lib/consent/state';
import { DateTime } from '@/components/ui/date-time';

/** The terms and notices, with the version this person accepted. */
export function DocumentsAccepted({ documents }: { documents: ConsentState['documents'] }) {
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
      {documents.map((doc) => (
        <li key={doc.key} className="flex flex-col gap-1 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:justify-between">
          <div>
            <p className="font-semibold">{doc.name}</p>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              {doc.granted && doc.decidedAt ? (
                <>
                  You accepted version {doc.decidedVersion} on <DateTime value={doc.decidedAt} withTime={false} />
                  {doc.outdated ? `; version ${doc.current.version} is now in force.` : '.'}
                </>
              ) : (
                'Not accepted yet.'
              )}
            </p>
          </div>
          <Link href={`/legal/${doc.key}`} className="text-sm font-semibold text-brand-ink underline-offset-4 hover:underline">
            Read the {doc.name.toLowerCase()}
          </Link>
        </li>
      ))}
    </ul>
  );
}
