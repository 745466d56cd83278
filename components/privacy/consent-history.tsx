import type { ConsentHistoryEntry } from '@/lib/consent/state';
import { describeConsentSource } from '@/lib/consent/sources';
import { describeUserAgent } from '@/lib/http/user-agent';
import { DateTime } from '@/components/ui/date-time';

function decision(entry: ConsentHistoryEntry) {
  if (entry.purpose.kind === 'document') return entry.granted ? 'Accepted' : 'Withdrawn';
  return entry.granted ? 'Turned on' : 'Turned off';
}

/** Every consent decision, newest first, with when, how and from where it was made. */
export function ConsentHistory({ entries }: { entries: ConsentHistoryEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No choices recorded yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <caption className="sr-only">History of your consent choices, newest first</caption>
        <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-2 pr-4 font-semibold">When</th>
            <th scope="col" className="py-2 pr-4 font-semibold">Choice</th>
            <th scope="col" className="py-2 pr-4 font-semibold">Version</th>
            <th scope="col" className="py-2 pr-4 font-semibold">Decision</th>
            <th scope="col" className="py-2 pr-4 font-semibold">How</th>
            <th scope="col" className="py-2 font-semibold">From</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="py-2 pr-4 whitespace-nowrap"><DateTime value={entry.createdAt} /></td>
              <td className="py-2 pr-4">{entry.purpose.name}</td>
              <td className="py-2 pr-4">Version {entry.version}</td>
              <td className="py-2 pr-4 font-medium">{decision(entry)}</td>
              <td className="py-2 pr-4">{describeConsentSource(entry.source)}</td>
              <td className="py-2 text-zinc-600 dark:text-zinc-400">
                {entry.ipAddress ?? 'Unknown address'}
                <br />
                {describeUserAgent(entry.userAgent)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
