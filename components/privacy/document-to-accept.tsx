import Link from 'next/link';
import type { OutdatedDocument } from '@/lib/consent/re-consent';
import { DateTime } from '@/components/ui/date-time';

/** One document to accept: what it is, what changed since the person last accepted, and its text. */
export function DocumentToAccept({ document }: { document: OutdatedDocument }) {
  const { purpose, version, accepted } = document;
  return (
    <article aria-labelledby={`doc-${purpose.key}`} className="space-y-2 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id={`doc-${purpose.key}`} className="font-semibold">
        {version.title}
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Version {version.version}, published <DateTime value={version.publishedAt} withTime={false} />.{' '}
        {accepted ? `You accepted version ${accepted.version}.` : 'You have not accepted it yet.'}
      </p>
      <div tabIndex={0} aria-label={`Text of the ${purpose.name.toLowerCase()}`} className="max-h-48 overflow-y-auto rounded-lg bg-zinc-50 p-3 text-sm leading-relaxed whitespace-pre-line dark:bg-zinc-950">
        {version.text}
      </div>
      <Link href={`/legal/${purpose.key}`} target="_blank" className="inline-block text-sm font-semibold text-brand-ink underline-offset-4 hover:underline">
        Open the {purpose.name.toLowerCase()} in a new tab
      </Link>
    </article>
  );
}
