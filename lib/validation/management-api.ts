import { z } from 'zod';
import { auditFilterSchema, auditCursorSchema, AUDIT_ORDERS } from './audit';
import { emailSchema } from './auth';
import { DIRECTORY_SORTS, USER_STATUSES, suspendUserSchema } from './directory';
import { DSR_STATUSES, DSR_TYPES, confirmErasureSchema, fileRequestSchema, rejectRequestSchema } from './dsr';
import { createRoleSchema, roleKeySchema } from './rbac';
import type { Permission } from '@/lib/rbac/permissions';

// The management REST API's inputs (/api/v1). The same schemas validate requests and
// generate the OpenAPI document (lib/api/openapi.ts), so the two cannot drift apart.

/** Scopes a machine client can be given for the management API, with what each allows. */
export const MANAGEMENT_API_SCOPES = {
  'users:read': 'Search and read user accounts',
  'users:write': 'Create, update, suspend, reactivate and erase user accounts',
  'sessions:read': "List a user's sessions",
  'sessions:write': "Revoke a user's sessions",
  'roles:read': 'List roles',
  'roles:write': "Create and delete roles, give and take users' roles (roles without staff permissions only)",
  'consents:read': "Read a user's consent decisions",
  'consents:write': 'Record consent decisions a user made in a connected app',
  'dsr:read': 'List and read data-subject requests',
  'dsr:write': 'File data-subject requests',
  'dsr:process': 'Complete or reject data-subject requests: run the export or the erasure',
  'audit:read': 'Query audit events',
} as const;
export type ManagementApiScope = keyof typeof MANAGEMENT_API_SCOPES;

/**
 * The console permissions each scope is equivalent to: whoever registers or edits a machine
 * client must hold all of them, or `clients:manage` would mint a token stronger than its holder
 * (for example users:write, which erases accounts, where the console needs dsr:process).
 */
export const SCOPE_PERMISSIONS: Record<ManagementApiScope, readonly Permission[]> = {
  'users:read': ['users:read'],
  'users:write': ['users:write', 'users:suspend', 'dsr:process'],
  'sessions:read': ['users:read'],
  'sessions:write': ['sessions:revoke'],
  'roles:read': ['rbac:manage'],
  'roles:write': ['rbac:manage'],
  'consents:read': ['users:read'],
  'consents:write': ['users:write'],
  'dsr:read': ['dsr:process'],
  'dsr:write': ['dsr:process'],
  'dsr:process': ['dsr:process'],
  'audit:read': ['audit:read'],
};

/** The console permissions a set of scopes adds up to; OpenID scopes (openid, email, …) add none. */
export function permissionsForScopes(scopes: Iterable<string>): Permission[] {
  const all = new Set<Permission>();
  for (const scope of scopes) {
    if (Object.hasOwn(SCOPE_PERMISSIONS, scope)) for (const p of SCOPE_PERMISSIONS[scope as ManagementApiScope]) all.add(p);
  }
  return [...all];
}
export const MANAGEMENT_API_SCOPE_NAMES = Object.keys(MANAGEMENT_API_SCOPES) as [ManagementApiScope, ...ManagementApiScope[]];

export const API_PAGE_MAX = 100;
const limit = z.coerce.number().int().min(1).max(API_PAGE_MAX).default(25).describe('Page size, at most 100.');
const cursor = z.string().max(300).optional().describe('The next_cursor of the previous page.');

export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Not a valid id.');

/** GET /users: unlike the directory's URL state, a bad filter is an error, not silently dropped. */
export const userSearchQuerySchema = z.object({
  q: z.string().trim().max(200).optional().describe('Part of an email address, name or phone number.'),
  status: z.enum(USER_STATUSES).optional(),
  role: z.string().trim().max(64).regex(/^[a-z0-9_-]+$/, 'Not a valid role key.').optional(),
  sort: z.enum(DIRECTORY_SORTS).default('created'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  limit,
  cursor,
});

export const createUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(200).optional(),
  emailVerified: z.boolean().default(false).describe('Whether the caller has already confirmed the address.'),
});
export type CreateUserInput = z.output<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    emailVerified: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change.' });
export type UpdateUserInput = z.output<typeof updateUserSchema>;

/** POST /users/{id}/suspend and /reactivate: the reason is kept with the audit event. */
export const statusChangeSchema = suspendUserSchema;

export const assignRoleBodySchema = z.object({ role: roleKeySchema });

/**
 * POST /roles: the console's role form without its permissions. Every permission opens the
 * admin console, so a role made through the API grants none (lib/rbac/roles.ts refuses too);
 * sending some is an error rather than silently dropped.
 */
export const createApiRoleSchema = createRoleSchema.omit({ permissions: true }).extend({
  permissions: z
    .array(z.string())
    .max(0, 'Roles created through the API grant no staff permissions; an administrator can add them in the admin console.')
    .optional()
    .describe('Always empty: roles created through the API grant no staff permissions.'),
});

export const recordConsentSchema = z.object({
  purpose: z.string().trim().min(1).max(64).regex(/^[a-z0-9_]+$/, 'Not a valid purpose key.'),
  granted: z.boolean({ error: 'Say true (given) or false (withdrawn).' }),
});

export const dsrQuerySchema = z.object({
  status: z.enum(['active', ...DSR_STATUSES, 'all']).default('active'),
  type: z.enum(DSR_TYPES).optional(),
  overdue: z.enum(['yes']).optional(),
  limit,
  cursor,
});

/** Filing through the API takes the same fields as staff filing in the console. */
export const fileDsrSchema = fileRequestSchema;

/**
 * POST /data-subject-requests/{id}/complete: an erasure needs the subject's email address typed
 * back, the same guard against erasing the wrong account as the console's confirmation; an
 * access request takes an empty object.
 */
export const completeDsrSchema = confirmErasureSchema.partial();
export const rejectDsrSchema = rejectRequestSchema;

export const auditQuerySchema = auditFilterSchema.extend({
  order: z.enum(AUDIT_ORDERS).default('newest'),
  cursor: auditCursorSchema.optional().describe('The next_cursor of the previous page.'),
  limit,
});

/** What a user looks like in the API's answers. */
export const apiUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  status: z.enum(USER_STATUSES),
  emailVerified: z.boolean(),
  roles: z.array(z.string()),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
});

export const apiSessionSchema = z.object({
  id: z.string(),
  device: z.string().describe('The browser and system, as read from the user agent.'),
  ipAddress: z.string().nullable(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  methods: z.array(z.string()).describe('How the person signed in: password, passkey, totp, ...'),
});

export const apiAuditEventSchema = z.object({
  id: z.string(),
  occurredAt: z.string(),
  action: z.string(),
  result: z.string(),
  reason: z.string().nullable(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
});

export const apiRoleSchema = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  builtIn: z.boolean(),
  permissions: z.array(z.string()),
  memberCount: z.number().int(),
});

export const apiConsentStateSchema = z.object({
  purposes: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      required: z.boolean(),
      granted: z.boolean(),
      currentVersion: z.number().int(),
      decidedVersion: z.number().int().nullable(),
      decidedAt: z.string().nullable(),
      outdated: z.boolean(),
    }),
  ),
  documents: z.array(z.object({ key: z.string(), name: z.string(), currentVersion: z.number().int(), acceptedVersion: z.number().int().nullable(), acceptedAt: z.string().nullable() })),
});

export const apiDsrSchema = z.object({
  id: z.string(),
  type: z.enum(DSR_TYPES),
  status: z.enum(DSR_STATUSES),
  subjectEmail: z.string(),
  source: z.string(),
  dueAt: z.string(),
  createdAt: z.string(),
  overdue: z.boolean(),
});

/** RFC 9457 problem details. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
});
