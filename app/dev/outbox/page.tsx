import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { devOutboxEnabled, devOutboxIsStaffOnly, listOutbox } from '@/lib/email/dev-outbox';
import { requirePermission } from '@/lib/rbac/check';

export const metadata: Metadata = { title: 'Development outbox' };

/** Turns URLs in a plain-text email into links, so a developer can follow them. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part} className="break-all text-brand-ink underline">
            {part}
          </a>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </>
  );
}

export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (!devOutboxEnabled()) notFound();
  const { to } = await searchParams;
  if (devOutboxIsStaffOnly()) await requirePermission('users:read', `/dev/outbox${to ? `?to=${encodeURIComponent(to)}` : ''}`);
  const messages = await listOutbox(to);
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <h1 className="text-2xl font-semibold">Development outbox</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        SMTP_URL is not set, so email lands here instead of being sent. This page does not exist when SMTP is configured; in a production build only staff who may read users see it.
      </p>
      <form className="flex items-end gap-2">
        <div className="flex-1">
          <label htmlFor="to" className="block text-sm font-medium">Recipient</label>
          <input id="to" name="to" type="email" defaultValue={to} className="mt-1 block w-full rounded-lg border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900" />
        </div>
        <button type="submit" className="rounded-lg bg-brand px-4 py-2 text-sm font-semibold text-white">Filter</button>
      </form>
      {messages.length === 0 ? <p>No messages.</p> : null}
      <ol className="space-y-4">
        {messages.map((m) => (
          <li key={m.id}>
            <article aria-label={`${m.subject} to ${m.to}`} className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
              <h2 className="font-semibold">{m.subject}</h2>
              <p className="text-sm text-zinc-500">
                To {m.to} · {m.createdAt.toISOString()}
              </p>
              <pre className="mt-3 whitespace-pre-wrap font-sans text-sm">
                <Linkified text={m.text} />
              </pre>
            </article>
          </li>
        ))}
      </ol>
    </main>
  );
}
