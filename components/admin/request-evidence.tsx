import type { Evidence } from '@/lib/dsr/request-detail';

const EXPORT_SECTIONS: Record<string, string> = {
  attributes: 'Profile answers',
  linkedAccounts: 'Linked accounts',
  passkeys: 'Passkeys',
  mfaFactors: 'Two-step verification methods',
  sessions: 'Sessions (devices)',
  consentRecords: 'Consent records',
  dataSubjectRequests: 'Data requests',
  auditEvents: 'Account activity events',
};

const table = 'w-full text-left text-sm';
const cell = 'border-t border-zinc-100 px-3 py-1.5 dark:border-zinc-800';

/** What a finished request did, as a table: what an export held, or which tables and rows an erasure touched. */
export function RequestEvidence({ evidence }: { evidence: Evidence }) {
  if (evidence.kind === 'rejection') return <p className="text-sm">Reason given: {evidence.reason}</p>;
  if (evidence.kind === 'unreadable') return <p className="text-sm text-zinc-500">The evidence of this request could not be read.</p>;
  const rows =
    evidence.kind === 'export'
      ? Object.entries(evidence.counts).map(([key, n]) => [EXPORT_SECTIONS[key] ?? key, n] as const)
      : Object.entries(evidence.rows)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, n]) => [key, n] as const);
  return (
    <div className="space-y-2">
      {evidence.kind === 'export' ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Export format {evidence.format}, made {evidence.generatedAt.replace('T', ' ').slice(0, 16)} UTC. Counts only: the data itself is not kept.
        </p>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Rows deleted or anonymised in each table. Audit events are kept, re-pointed to an anonymous id.</p>
      )}
      <table className={table}>
        <caption className="sr-only">{evidence.kind === 'export' ? 'What the export contained' : 'Rows touched by the erasure'}</caption>
        <thead className="text-zinc-500 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-3 py-1.5 font-medium">{evidence.kind === 'export' ? 'Section' : 'Table'}</th>
            <th scope="col" className="px-3 py-1.5 text-right font-medium">{evidence.kind === 'export' ? 'Items' : 'Rows'}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, n]) => (
            <tr key={label}>
              <th scope="row" className={`${cell} font-normal`}>{label}</th>
              <td className={`${cell} text-right tabular-nums`}>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
