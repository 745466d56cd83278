import { z } from 'zod';

export const DIRECTORY_SORTS = ['created', 'last_sign_in', 'email'] as const;
export const USER_STATUSES = ['active', 'suspended', 'pending_deletion', 'erased'] as const;
export const DIRECTORY_COLUMNS = ['email', 'name', 'status', 'verified', 'roles', 'created', 'last_sign_in'] as const;
export type DirectoryColumn = (typeof DIRECTORY_COLUMNS)[number];

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);
// A bad value in a shared URL falls back to "no filter" rather than an error page.
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);

export const DIRECTORY_QUERY_MAX = 200;
/**
 * The search box. Too long is said next to the field; it is not dropped, which would have listed
 * every user as if nothing had been typed.
 */
export const directoryQuerySchema = z.string().trim().max(DIRECTORY_QUERY_MAX, `Search with ${DIRECTORY_QUERY_MAX} characters or fewer.`).optional();

/** The directory's whole state, as it travels in the URL search params. */
export const directorySearchSchema = z.object({
  q: directoryQuerySchema.catch(undefined),
  status: optionalEnum(USER_STATUSES),
  role: z.string().trim().max(64).regex(/^[a-z0-9_-]*$/).optional().catch(undefined),
  verified: optionalEnum(['yes', 'no'] as const),
  createdFrom: day,
  createdTo: day,
  signedInFrom: day,
  signedInTo: day,
  sort: z.enum(DIRECTORY_SORTS).catch('created'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  after: z.string().max(300).optional().catch(undefined),
  // Comma-separated visible columns; empty means the default set.
  cols: z.string().max(200).optional().catch(undefined),
});

export type DirectorySearch = z.infer<typeof directorySearchSchema>;

export function visibleColumns(cols: string | undefined): DirectoryColumn[] {
  const wanted = (cols ?? '').split(',').filter((c): c is DirectoryColumn => (DIRECTORY_COLUMNS as readonly string[]).includes(c));
  return wanted.length ? wanted : [...DIRECTORY_COLUMNS];
}

/** A user id from a URL or an action's argument; anything else is an account that does not exist. */
export const userIdSchema = z.string().min(1).max(64);

export const suspendUserSchema = z.object({
  reason: z.string().trim().min(3, 'Say why, in a few words (at least 3 characters).').max(500, 'Keep the reason under 500 characters.'),
});
export type SuspendUserInput = z.infer<typeof suspendUserSchema>;
