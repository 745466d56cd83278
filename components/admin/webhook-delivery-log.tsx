import { ActionButton } from '@/components/admin/action-button';
import type { ActionResult } from '@/components/forms/use-action-form';
import { DateTime } from '@/components/ui/date-time';

type Attempt = { id: string; attemptedAt: Date; statusCode: number | null; error: string | null; durationMs: number };
type Delivery = {
  id: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  event: { id: string; type: string };
  attemptLog: Attempt[];
};

const STATUS: Record<string, { label: string; className: string }> = {
  pending: { label: 'Waiting', className: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100' },
  delivering: { label: 'Sending', className: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100' },
  succeeded: { label: 'Delivered', className: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100' },
  failed: { label: 'Gave up', className: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100' },
};

/** An endpoint's latest deliveries with each try's answer, and a way to send one again. */
export function WebhookDeliveryLog({ deliveries, resend }: { deliveries: Delivery[]; resend: (deliveryId: string) => Promise<ActionResult> }) {
  if (deliveries.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing has been sent to this endpoint yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Deliveries</caption>
        <thead className="text-zinc-500 dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Event</th>
            <th scope="col" className="py-2 pr-4 font-medium">Status</th>
            <th scope="col" className="py-2 pr-4 font-medium">HTTP status</th>
            <th scope="col" className="py-2 pr-4 font-medium">Attempts</th>
            <th scope="col" className="py-2 pr-4 font-medium">Created</th>
            <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => {
            const status = STATUS[d.status] ?? { label: d.status, className: '' };
            return (
              <tr key={d.id} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                <td className="py-2 pr-4">
                  <code className="font-medium">{d.event.type}</code>
                  <p className="text-xs text-zinc-500 dark:text-zinc-400">{d.event.id}</p>
                </td>
                <td className="py-2 pr-4">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${status.className}`}>{status.label}</span>
                  {d.status === 'pending' && d.attempts > 0 ? (
                    <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                      Next try <DateTime value={d.nextAttemptAt} />
                    </p>
                  ) : null}
                </td>
                <td className="py-2 pr-4">
                  {d.lastStatusCode ?? '—'}
                  {d.lastError ? <p className="max-w-xs text-xs text-zinc-500 dark:text-zinc-400">{d.lastError}</p> : null}
                </td>
                <td className="py-2 pr-4">
                  {d.attemptLog.length > 0 ? (
                    <details>
                      <summary className="cursor-pointer">{d.attempts}</summary>
                      <ul className="mt-1 space-y-1 text-xs text-zinc-600 dark:text-zinc-400">
                        {d.attemptLog.map((a) => (
                          <li key={a.id}>
                            <DateTime value={a.attemptedAt} />: {a.statusCode ?? a.error ?? 'no answer'} ({a.durationMs} ms)
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : (
                    d.attempts
                  )}
                </td>
                <td className="py-2 pr-4"><DateTime value={d.createdAt} /></td>
                <td className="py-2">
                  {d.status === 'delivering' ? null : (
                    <ActionButton action={resend.bind(null, d.id)} label="Resend" accessibleLabel={`Resend ${d.event.type} ${d.event.id}`} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
