import { z } from 'zod';

// The data-subject request queue: its URL filters and the staff forms. Safe client-side.

export const DSR_TYPES = ['access', 'erasure'] as const;
export type DsrType = (typeof DSR_TYPES)[number];
export const DSR_STATUSES = ['open', 'in_progress', 'completed', 'rejected'] as const;
export type DsrStatus = (typeof DSR_STATUSES)[number];
/** Statuses staff can still act on. */
export const ACTIVE_DSR_STATUSES: DsrStatus[] = ['open', 'in_progress'];

/** "active" (open or in progress) is the queue's default view; "all" shows finished ones too. */
export const QUEUE_STATUS_FILTERS = ['active', ...DSR_STATUSES, 'all'] as const;

// A bad value in a shared URL falls back to the default view rather than an error page.
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);

/** The queue's whole state, as it travels in the URL search params. */
export const queueSearchSchema = z.object({
  status: z.enum(QUEUE_STATUS_FILTERS).catch('active'),
  type: optionalEnum(DSR_TYPES),
  assignee: optionalEnum(['me', 'unassigned'] as const),
  overdue: optionalEnum(['yes'] as const),
  after: z.string().max(200).optional().catch(undefined),
});
export type QueueSearch = z.infer<typeof queueSearchSchema>;

/** A YYYY-MM-DD day from a date input, in UTC. */
export function todayUtc(now = new Date()) {
  return now.toISOString().slice(0, 10);
}

export const fileRequestSchema = z.object({
  email: z
    .string({ error: "Enter the customer's email address." })
    .trim()
    .min(1, "Enter the customer's email address.")
    .max(254, 'An email address can be at most 254 characters.')
    .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }))
    .transform((v) => v.toLowerCase()),
  type: z.enum(DSR_TYPES, { error: 'Choose the kind of request.' }),
  dueOn: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || /^\d{4}-\d{2}-\d{2}$/.test(v), 'Enter a date, or leave it empty for 30 days from today.')
    .refine((v) => !v || v >= todayUtc(), 'Choose today or a later date.'),
  notes: z.string().trim().max(2000, 'Keep notes under 2,000 characters.').optional(),
});
export type FileRequestInput = z.input<typeof fileRequestSchema>;

export const assignRequestSchema = z.object({
  assigneeId: z.string({ error: 'Choose who handles this request.' }).trim().min(1, 'Choose who handles this request.').max(64),
});
export type AssignRequestInput = z.input<typeof assignRequestSchema>;

export const rejectRequestSchema = z.object({
  reason: z.string({ error: 'Say why, in a few words.' }).trim().min(3, 'Say why, in a few words (at least 3 characters).').max(500, 'Keep the reason under 500 characters.'),
});
export type RejectRequestInput = z.input<typeof rejectRequestSchema>;

export const confirmErasureSchema = z.object({
  confirmEmail: z
    .string({ error: "Type the customer's email address to confirm." })
    .trim()
    .min(1, "Type the customer's email address to confirm.")
    .max(254)
    .transform((v) => v.toLowerCase()),
});
export type ConfirmErasureInput = z.input<typeof confirmErasureSchema>;

export const requestIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

export const DSR_TYPE_LABELS: Record<DsrType, string> = { access: 'Access (copy of data)', erasure: 'Erasure' };
export const DSR_STATUS_LABELS: Record<string, string> = { open: 'Open', in_progress: 'In progress', completed: 'Completed', rejected: 'Rejected' };
export const DSR_SOURCE_LABELS: Record<string, string> = { self_service: 'Self-service', staff: 'Filed by staff', api: 'Filed through the API' };
