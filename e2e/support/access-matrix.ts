import type { Permission } from '../../lib/rbac/permissions';

/**
 * Every admin route and server action in the app, with the permission it needs: the policy the
 * access-matrix spec enforces over HTTP. Adding a page or action under app/(admin) means adding a
 * row here (the spec fails for an admin action in the build that has no row).
 */
export type AdminRoute = { path: string; permission: Permission };
export type AdminAction = {
  /** `${file}#${exportedName}`, as the build's server-reference manifest names it. */
  action: string;
  /** A page that uses the action, to post it to. */
  page: string;
  permission: Permission;
  /** Arguments that change nothing even when allowed (unknown role, invalid input). */
  harmlessArgs: unknown[];
  /** Words of the answer to those arguments, seen only when the action ran. */
  allowedAnswer: string;
};

export const ADMIN_ROUTES: AdminRoute[] = [
  { path: '/admin', permission: 'dashboard:read' },
  { path: '/admin/roles', permission: 'rbac:manage' },
  { path: '/admin/roles/support', permission: 'rbac:manage' },
  { path: '/admin/users', permission: 'users:read' },
  { path: '/admin/users?q=example&status=active&sort=email', permission: 'users:read' },
  { path: '/admin/audit', permission: 'audit:read' },
  { path: '/admin/audit?action=user.sign_in', permission: 'audit:read' },
  { path: '/admin/audit/export/csv', permission: 'audit:export' },
  { path: '/admin/audit/export/json', permission: 'audit:export' },
  { path: '/admin/retention', permission: 'retention:manage' },
];

const ROLE_ACTIONS = 'app/(admin)/admin/roles/actions.ts';
const USER_ACTIONS = 'app/(admin)/admin/users/[id]/actions.ts';
const USER_PAGE = '/admin/users/no-such-user';
const NOT_FOUND = 'That account was not found.';
const RETENTION_ACTIONS = 'app/(admin)/admin/retention/actions.ts';
const LEGAL_HOLD_ACTIONS = 'app/(admin)/admin/users/[id]/legal-hold-actions.ts';

export const ADMIN_ACTIONS: AdminAction[] = [
  { action: `${ROLE_ACTIONS}#createRoleAction`, page: '/admin/roles', permission: 'rbac:manage', harmlessArgs: [{ key: '', name: '', permissions: [] }], allowedAnswer: 'Enter a key for the role.' },
  { action: `${ROLE_ACTIONS}#updateRoleAction`, page: '/admin/roles/support', permission: 'rbac:manage', harmlessArgs: ['no-such-role', { name: '', permissions: [] }], allowedAnswer: 'Enter a name for the role.' },
  { action: `${ROLE_ACTIONS}#deleteRoleAction`, page: '/admin/roles/support', permission: 'rbac:manage', harmlessArgs: ['no-such-role'], allowedAnswer: 'This role no longer exists.' },
  { action: `${ROLE_ACTIONS}#assignRoleAction`, page: '/admin/roles/support', permission: 'rbac:manage', harmlessArgs: ['no-such-role', { email: '' }], allowedAnswer: 'Enter your email address.' },
  { action: `${ROLE_ACTIONS}#removeRoleAction`, page: '/admin/roles/support', permission: 'rbac:manage', harmlessArgs: ['no-such-role', 'no-such-user'], allowedAnswer: 'This role no longer exists.' },
  { action: `${USER_ACTIONS}#resendVerificationAction`, page: USER_PAGE, permission: 'users:write', harmlessArgs: ['no-such-user'], allowedAnswer: NOT_FOUND },
  { action: `${USER_ACTIONS}#sendPasswordResetAction`, page: USER_PAGE, permission: 'users:write', harmlessArgs: ['no-such-user'], allowedAnswer: NOT_FOUND },
  { action: `${USER_ACTIONS}#revokeSessionsAction`, page: USER_PAGE, permission: 'sessions:revoke', harmlessArgs: ['no-such-user'], allowedAnswer: NOT_FOUND },
  { action: `${USER_ACTIONS}#suspendAction`, page: USER_PAGE, permission: 'users:suspend', harmlessArgs: ['no-such-user', { reason: '' }], allowedAnswer: 'Say why, in a few words' },
  { action: `${USER_ACTIONS}#reactivateAction`, page: USER_PAGE, permission: 'users:suspend', harmlessArgs: ['no-such-user', { reason: '' }], allowedAnswer: 'Say why, in a few words' },
  { action: `${RETENTION_ACTIONS}#savePolicyAction`, page: '/admin/retention', permission: 'retention:manage', harmlessArgs: [{ category: 'dev_outbox', keepDays: -1, action: 'delete', enabled: false }], allowedAnswer: 'Enter 0 days or more.' },
  { action: `${RETENTION_ACTIONS}#dryRunPolicyAction`, page: '/admin/retention', permission: 'retention:manage', harmlessArgs: ['no-such-policy'], allowedAnswer: 'This policy no longer exists.' },
  { action: `${RETENTION_ACTIONS}#runPolicyAction`, page: '/admin/retention', permission: 'retention:manage', harmlessArgs: ['no-such-policy'], allowedAnswer: 'This policy no longer exists.' },
  { action: `${LEGAL_HOLD_ACTIONS}#placeLegalHoldAction`, page: USER_PAGE, permission: 'retention:manage', harmlessArgs: ['no-such-user', { reason: '' }], allowedAnswer: 'Say why the hold is needed' },
  { action: `${LEGAL_HOLD_ACTIONS}#releaseLegalHoldAction`, page: USER_PAGE, permission: 'retention:manage', harmlessArgs: ['no-such-user'], allowedAnswer: NOT_FOUND },
  { action: 'app/(admin)/admin/audit/actions.ts#verifyAuditChainAction', page: '/admin/audit', permission: 'audit:read', harmlessArgs: [], allowedAnswer: 'verified' },
];
