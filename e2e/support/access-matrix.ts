import type { Permission } from '../../lib/rbac/permissions';

/**
 * Every admin route and server action in the app, with the permission it needs: the policy the
 * access-matrix spec enforces over HTTP. Adding a page, route handler or action under app/(admin)
 * means adding a row here (the spec fails for one in the build that has no row).
 */
export type AdminRoute = {
  /** A URL; `{customer}`, `{request}`, `{endpoint}` and `{connection}` stand for ids the spec makes through the console. */
  path: string;
  permission: Permission;
};

/** Records the spec creates before walking the matrix, so pages with an id in the URL have something to show. */
export const PLACEHOLDERS = ['customer', 'request', 'endpoint', 'connection', 'client'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** The path with each `{placeholder}` replaced by the id made for it; throws for one that was not made. */
export function resolvePath(path: string, ids: Partial<Record<Placeholder, string>>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const id = ids[name as Placeholder];
    if (!id) throw new Error(`No id for {${name}} in ${path}`);
    return encodeURIComponent(id);
  });
}
export type AdminAction = {
  /** `${file}#${exportedName}`, as the build's server-reference manifest names it. */
  action: string;
  /** A page that uses the action, to post it to. (The permission it needs is read from its code: admin-action-permissions.ts.) */
  page: string;
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
  { path: '/admin/users/{customer}', permission: 'users:read' },
  { path: '/admin/audit', permission: 'audit:read' },
  { path: '/admin/audit?action=user.sign_in', permission: 'audit:read' },
  { path: '/admin/audit/export/csv', permission: 'audit:export' },
  { path: '/admin/audit/export/json', permission: 'audit:export' },
  { path: '/admin/consent', permission: 'consent:manage' },
  { path: '/admin/consent/terms', permission: 'consent:manage' },
  { path: '/admin/profile-fields', permission: 'profile:manage' },
  { path: '/admin/profile-fields/given_name', permission: 'profile:manage' },
  { path: '/admin/requests', permission: 'dsr:process' },
  { path: '/admin/requests?status=all&type=erasure&assignee=unassigned&overdue=yes', permission: 'dsr:process' },
  { path: '/admin/requests/{request}', permission: 'dsr:process' },
  // A completed access request's export: a JSON download (200) for whoever may process requests.
  { path: '/admin/requests/{request}/export', permission: 'dsr:process' },
  { path: '/admin/webhooks', permission: 'webhooks:manage' },
  { path: '/admin/webhooks/{endpoint}', permission: 'webhooks:manage' },
  { path: '/admin/connections', permission: 'connections:manage' },
  { path: '/admin/connections/{connection}', permission: 'connections:manage' },
  { path: '/admin/retention', permission: 'retention:manage' },
  { path: '/admin/clients', permission: 'clients:manage' },
  { path: '/admin/clients/{client}', permission: 'clients:manage' },
];

const ROLE_ACTIONS = 'app/(admin)/admin/roles/actions.ts';
const USER_ACTIONS = 'app/(admin)/admin/users/[id]/actions.ts';
const USER_PAGE = '/admin/users/no-such-user';
const NOT_FOUND = 'That account was not found.';
const CONSENT_ACTIONS = 'app/(admin)/admin/consent/actions.ts';
const PROFILE_FIELD_ACTIONS = 'app/(admin)/admin/profile-fields/actions.ts';
const DSR_ACTIONS = 'app/(admin)/admin/requests/actions.ts';
const NO_REQUEST = 'That request was not found.';
const WEBHOOK_ACTIONS = 'app/(admin)/admin/webhooks/actions.ts';
const NO_ENDPOINT = 'This endpoint no longer exists.';
const CONNECTION_ACTIONS = 'app/(admin)/admin/connections/actions.ts';
const NO_CONNECTION = 'This connection no longer exists.';
const RETENTION_ACTIONS = 'app/(admin)/admin/retention/actions.ts';
const CLIENT_ACTIONS = 'app/(admin)/admin/clients/actions.ts';
const NO_CLIENT = 'This app no longer exists.';
const NO_GRANTS = { name: 'Unchanged', type: 'confidential', redirectUris: [], grantTypes: [], scopes: ['openid'] };
const LEGAL_HOLD_ACTIONS = 'app/(admin)/admin/users/[id]/legal-hold-actions.ts';

export const ADMIN_ACTIONS: AdminAction[] = [
  { action: `${ROLE_ACTIONS}#createRoleAction`, page: '/admin/roles', harmlessArgs: [{ key: '', name: '', permissions: [] }], allowedAnswer: 'Enter a key for the role.' },
  { action: `${ROLE_ACTIONS}#updateRoleAction`, page: '/admin/roles/support', harmlessArgs: ['no-such-role', { name: '', permissions: [] }], allowedAnswer: 'Enter a name for the role.' },
  { action: `${ROLE_ACTIONS}#deleteRoleAction`, page: '/admin/roles/support', harmlessArgs: ['no-such-role'], allowedAnswer: 'This role no longer exists.' },
  { action: `${ROLE_ACTIONS}#assignRoleAction`, page: '/admin/roles/support', harmlessArgs: ['no-such-role', { email: '' }], allowedAnswer: 'Enter your email address.' },
  { action: `${ROLE_ACTIONS}#removeRoleAction`, page: '/admin/roles/support', harmlessArgs: ['no-such-role', 'no-such-user'], allowedAnswer: 'This role no longer exists.' },
  { action: `${USER_ACTIONS}#resendVerificationAction`, page: USER_PAGE, harmlessArgs: ['no-such-user'], allowedAnswer: NOT_FOUND },
  { action: `${USER_ACTIONS}#sendPasswordResetAction`, page: USER_PAGE, harmlessArgs: ['no-such-user'], allowedAnswer: NOT_FOUND },
  { action: `${USER_ACTIONS}#revokeSessionsAction`, page: USER_PAGE, harmlessArgs: ['no-such-user'], allowedAnswer: NOT_FOUND },
  { action: `${USER_ACTIONS}#suspendAction`, page: USER_PAGE, harmlessArgs: ['no-such-user', { reason: '' }], allowedAnswer: 'Say why, in a few words' },
  { action: `${USER_ACTIONS}#reactivateAction`, page: USER_PAGE, harmlessArgs: ['no-such-user', { reason: '' }], allowedAnswer: 'Say why, in a few words' },
  { action: `${CONSENT_ACTIONS}#createConsentPurposeAction`, page: '/admin/consent', harmlessArgs: [{ key: '', name: '', kind: 'purpose', required: false, title: '', text: '' }], allowedAnswer: 'Enter the text people will read.' },
  { action: `${CONSENT_ACTIONS}#updateConsentPurposeAction`, page: '/admin/consent/terms', harmlessArgs: ['no_such_purpose', { name: 'Unchanged', required: false, active: true }], allowedAnswer: 'This purpose or document no longer exists.' },
  { action: `${CONSENT_ACTIONS}#publishConsentVersionAction`, page: '/admin/consent/terms', harmlessArgs: ['no_such_purpose', { title: '', text: '' }], allowedAnswer: 'Enter the text people will read.' },
  { action: `${PROFILE_FIELD_ACTIONS}#createProfileFieldAction`, page: '/admin/profile-fields', harmlessArgs: [{ key: '', label: '' }], allowedAnswer: 'Enter the label people will see.' },
  { action: `${PROFILE_FIELD_ACTIONS}#updateProfileFieldAction`, page: '/admin/profile-fields/given_name', harmlessArgs: ['no_such_field', { label: '' }], allowedAnswer: 'Enter the label people will see.' },
  { action: `${DSR_ACTIONS}#fileRequestAction`, page: '/admin/requests', harmlessArgs: [{ email: '', type: 'access' }], allowedAnswer: "Enter the customer's email address." },
  { action: `${DSR_ACTIONS}#assignRequestAction`, page: '/admin/requests', harmlessArgs: ['no-such-request', { assigneeId: '' }], allowedAnswer: 'Choose who handles this request.' },
  { action: `${DSR_ACTIONS}#startRequestAction`, page: '/admin/requests', harmlessArgs: ['no-such-request'], allowedAnswer: NO_REQUEST },
  { action: `${DSR_ACTIONS}#runExportAction`, page: '/admin/requests', harmlessArgs: ['no-such-request'], allowedAnswer: NO_REQUEST },
  { action: `${DSR_ACTIONS}#runErasureAction`, page: '/admin/requests', harmlessArgs: ['no-such-request', { confirmEmail: '' }], allowedAnswer: "Type the customer's email address to confirm." },
  { action: `${DSR_ACTIONS}#rejectRequestAction`, page: '/admin/requests', harmlessArgs: ['no-such-request', { reason: '' }], allowedAnswer: 'Say why, in a few words' },
  { action: `${WEBHOOK_ACTIONS}#createWebhookEndpointAction`, page: '/admin/webhooks', harmlessArgs: [{ url: '', eventTypes: [] }], allowedAnswer: "Enter the endpoint's URL." },
  { action: `${WEBHOOK_ACTIONS}#updateWebhookEndpointAction`, page: '/admin/webhooks', harmlessArgs: ['no-such-endpoint', { url: '', eventTypes: [] }], allowedAnswer: "Enter the endpoint's URL." },
  { action: `${WEBHOOK_ACTIONS}#setWebhookEndpointEnabledAction`, page: '/admin/webhooks', harmlessArgs: ['no-such-endpoint', false], allowedAnswer: NO_ENDPOINT },
  { action: `${WEBHOOK_ACTIONS}#rotateWebhookSecretAction`, page: '/admin/webhooks', harmlessArgs: ['no-such-endpoint'], allowedAnswer: NO_ENDPOINT },
  { action: `${WEBHOOK_ACTIONS}#deleteWebhookEndpointAction`, page: '/admin/webhooks', harmlessArgs: ['no-such-endpoint'], allowedAnswer: NO_ENDPOINT },
  { action: `${WEBHOOK_ACTIONS}#resendWebhookDeliveryAction`, page: '/admin/webhooks', harmlessArgs: ['no-such-endpoint', 'no-such-delivery'], allowedAnswer: 'This delivery no longer exists.' },
  { action: `${CONNECTION_ACTIONS}#createConnectionAction`, page: '/admin/connections', harmlessArgs: [{ name: '', issuer: '', clientId: '', clientSecret: '', domains: '' }], allowedAnswer: 'Enter the issuer URL.' },
  { action: `${CONNECTION_ACTIONS}#updateConnectionAction`, page: '/admin/connections', harmlessArgs: ['no-such-connection', { name: '' }], allowedAnswer: NO_CONNECTION },
  { action: `${CONNECTION_ACTIONS}#setConnectionEnabledAction`, page: '/admin/connections', harmlessArgs: ['no-such-connection', false], allowedAnswer: NO_CONNECTION },
  { action: `${RETENTION_ACTIONS}#savePolicyAction`, page: '/admin/retention', harmlessArgs: [{ category: 'dev_outbox', keepDays: -1, action: 'delete', enabled: false }], allowedAnswer: 'Enter 0 days or more.' },
  { action: `${RETENTION_ACTIONS}#dryRunPolicyAction`, page: '/admin/retention', harmlessArgs: ['no-such-policy'], allowedAnswer: 'This policy no longer exists.' },
  { action: `${RETENTION_ACTIONS}#runPolicyAction`, page: '/admin/retention', harmlessArgs: ['no-such-policy'], allowedAnswer: 'This policy no longer exists.' },
  { action: `${LEGAL_HOLD_ACTIONS}#placeLegalHoldAction`, page: USER_PAGE, harmlessArgs: ['no-such-user', { reason: '' }], allowedAnswer: 'Say why the hold is needed' },
  { action: `${LEGAL_HOLD_ACTIONS}#releaseLegalHoldAction`, page: USER_PAGE, harmlessArgs: ['no-such-user'], allowedAnswer: NOT_FOUND },
  { action: 'app/(admin)/admin/audit/actions.ts#verifyAuditChainAction', page: '/admin/audit', harmlessArgs: [], allowedAnswer: 'verified' },
  { action: `${CLIENT_ACTIONS}#registerClientAction`, page: '/admin/clients', harmlessArgs: [NO_GRANTS], allowedAnswer: 'Choose at least one grant type.' },
  { action: `${CLIENT_ACTIONS}#updateClientAction`, page: '/admin/clients', harmlessArgs: ['no-such-client', NO_GRANTS], allowedAnswer: 'Choose at least one grant type.' },
  { action: `${CLIENT_ACTIONS}#rotateClientSecretAction`, page: '/admin/clients', harmlessArgs: ['no-such-client'], allowedAnswer: NO_CLIENT },
  { action: `${CLIENT_ACTIONS}#setClientDisabledAction`, page: '/admin/clients', harmlessArgs: ['no-such-client', true], allowedAnswer: NO_CLIENT },
  { action: `${CLIENT_ACTIONS}#deleteClientAction`, page: '/admin/clients', harmlessArgs: ['no-such-client'], allowedAnswer: NO_CLIENT },
  { action: `${CLIENT_ACTIONS}#rotateSigningKeysAction`, page: '/admin/clients', harmlessArgs: [{ replacing: 'no-such-key' }], allowedAnswer: 'The signing keys changed since this page was loaded.' },
];
