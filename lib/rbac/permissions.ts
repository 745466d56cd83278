/** The permission catalogue: every permission that exists, defined once. */
export const PERMISSIONS = {
  'users:read': 'View the user directory and profiles',
  'users:write': 'Edit users and send them verification or reset emails',
  'users:suspend': 'Suspend and reactivate users',
  'sessions:revoke': "Revoke users' sessions",
  'audit:read': 'Read the audit log',
  'audit:export': 'Export the audit log',
  'retention:manage': 'Manage and run retention policies',
  'dsr:process': 'Process data-subject requests',
  'consent:manage': 'Manage consent purposes and documents',
  'profile:manage': 'Manage profile fields',
  'rbac:manage': 'Manage roles and role assignments',
  'connections:manage': 'Manage enterprise sign-in connections',
  'dashboard:read': 'View the dashboard',
  'webhooks:manage': 'Manage webhook endpoints and resend deliveries',
  'clients:manage': 'Register and manage the apps that sign people in with Gatehouse, and rotate its signing keys',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/** Built-in roles, seeded on start; custom roles are created in the console. */
export const BUILT_IN_ROLES: Record<string, { name: string; description: string; permissions: Permission[] }> = {
  customer: { name: 'Customer', description: 'A customer of the company: self-service only', permissions: [] },
  support: {
    name: 'Support agent',
    description: 'Looks up verified profiles and helps customers get back in',
    permissions: ['users:read', 'users:write', 'users:suspend', 'sessions:revoke', 'dashboard:read'],
  },
  compliance: {
    name: 'Compliance officer',
    description: 'Runs audits, retention and data-subject requests',
    permissions: ['users:read', 'audit:read', 'audit:export', 'retention:manage', 'dsr:process', 'consent:manage', 'dashboard:read'],
  },
  admin: { name: 'Administrator', description: 'Everything, including roles', permissions: ALL_PERMISSIONS },
};
