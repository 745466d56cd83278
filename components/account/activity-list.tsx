import type { ActivityEvent } from '@/lib/audit/activity';
import { describeUserAgent } from '@/lib/http/user-agent';
import { DateTime } from '@/components/ui/date-time';

/** A person's security events, newest first, each with when and from where. */
export function ActivityList({ events }: { events: ActivityEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing to show yet.</p>;
  return (
    <ol aria-label="Account activity" className="divide-y divide-zinc-200 dark:divide-zinc-800">
      {events.map((event) => (
        <li key={event.id} className="flex flex-col gap-1 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-start sm:justify-between sm:gap-6">
          <div>
            <p className="font-medium">
              {event.description}
              {event.failed ? (
                <span className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-950 dark:text-amber-100">Failed</span>
              ) : null}
            </p>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              {event.byStaff ? 'By our staff' : `${event.ipAddress ?? 'Unknown address'} · ${describeUserAgent(event.userAgent)}`}
            </p>
          </div>
          <p className="shrink-0 text-sm text-zinc-600 dark:text-zinc-400">
            <DateTime value={event.occurredAt} />
          </p>
        </li>
      ))}
    </ol>
  );
}
