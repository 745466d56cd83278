import { inputClass } from '@/components/ui/field';
import { AUDIT_ACTIONS } from '@/lib/audit/actions';

export type AuditFilterValues = { actor?: string; target?: string; action?: string; result?: string; from?: string; to?: string };

function Labelled({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A GET form: the filters land in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilters({ values, order = 'newest' }: { values: AuditFilterValues; order?: 'newest' | 'oldest' }) {
  return (
    <form method="get" action="/admin/audit" className="grid gap-4 rounded-2xl border border-zinc-200 bg-white p-5 sm:grid-cols-3 dark:border-zinc-800 dark:bg-zinc-900">
      <Labelled id="audit-actor" label="Actor id">
        <input id="audit-actor" name="actor" defaultValue={values.actor ?? ''} className={inputClass} />
      </Labelled>
      <Labelled id="audit-target" label="Target id">
        <input id="audit-target" name="target" defaultValue={values.target ?? ''} className={inputClass} />
      </Labelled>
      <Labelled id="audit-action" label="Action">
        <select id="audit-action" name="action" defaultValue={values.action ?? ''} className={inputClass}>
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled id="audit-result" label="Result">
        <select id="audit-result" name="result" defaultValue={values.result ?? ''} className={inputClass}>
          <option value="">Any result</option>
          <option value="success">Success</option>
          <option value="failure">Failure</option>
        </select>
      </Labelled>
      <Labelled id="audit-from" label="From (UTC)">
        <input id="audit-from" name="from" type="datetime-local" step="1" defaultValue={values.from ?? ''} className={inputClass} />
      </Labelled>
      <Labelled id="audit-to" label="To (UTC)">
        <input id="audit-to" name="to" type="datetime-local" step="1" defaultValue={values.to ?? ''} className={inputClass} />
      </Labelled>
      {order === 'oldest' ? <input type="hidden" name="order" value="oldest" /> : null}
      <div className="flex items-end gap-3 sm:col-span-3">
        <button type="submit" className="rounded-lg bg-brand px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:opacity-90">
          Apply filters
        </button>
        <a href="/admin/audit" className="text-sm text-brand-ink underline-offset-4 hover:underline">
          Clear filters
        </a>
      </div>
    </form>
  );
}
