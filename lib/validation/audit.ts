import { z } from 'zod';
import { AUDIT_ACTIONS } from '@/lib/audit/actions';

// Filters of the audit log viewer and its exports, read from URL search params so a view can be shared.

const optionalText = z.string().trim().max(200).optional().transform((v) => v || undefined);
/** datetime-local values, read as UTC (the viewer says so). */
const optionalTime = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'Enter a date and time.' });
      return z.NEVER;
    }
    return date;
  });

export const auditFilterSchema = z.object({
  actor: optionalText,
  target: optionalText,
  action: z.union([z.enum(AUDIT_ACTIONS), z.literal('')]).optional().transform((v) => v || undefined),
  result: z.union([z.enum(['success', 'failure']), z.literal('')]).optional().transform((v) => v || undefined),
  from: optionalTime,
  to: optionalTime,
});
export type AuditFilter = Partial<z.output<typeof auditFilterSchema>>;

/** Keyset cursor "<ISO time>_<id>": Older pages start before it, Newer pages after it. */
export const auditCursorSchema = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z_[\w-]+$/)
  .transform((v) => {
    const at = v.indexOf('Z_');
    return { occurredAt: new Date(v.slice(0, at + 1)), id: v.slice(at + 2) };
  });
export type AuditCursor = z.output<typeof auditCursorSchema>;

export const AUDIT_ORDERS = ['newest', 'oldest'] as const;
export type AuditOrder = (typeof AUDIT_ORDERS)[number];

export const auditPageSchema = auditFilterSchema.extend({
  order: z.enum(AUDIT_ORDERS).optional().catch(undefined),
  before: auditCursorSchema.optional().catch(undefined),
  after: auditCursorSchema.optional().catch(undefined),
});

/** Reads URLSearchParams or Next's searchParams object into plain strings. */
export function searchParamsRecord(params: URLSearchParams | Record<string, string | string[] | undefined>) {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  return Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string'));
}
