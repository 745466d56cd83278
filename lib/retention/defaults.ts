/** Retention policies every install starts with: disabled until compliance staff enable them. */
export const DEFAULT_RETENTION_POLICIES = [
  { category: 'audit_events', keepDays: 400, action: 'delete' },
  { category: 'expired_sessions', keepDays: 30, action: 'delete' },
  { category: 'verification_tokens', keepDays: 7, action: 'delete' },
  { category: 'provider_records', keepDays: 7, action: 'delete' },
  { category: 'webhook_deliveries', keepDays: 30, action: 'delete' },
  { category: 'finished_jobs', keepDays: 30, action: 'delete' },
  { category: 'inactive_accounts', keepDays: 1095, action: 'anonymise' },
  { category: 'erased_tombstones', keepDays: 2555, action: 'delete' },
  { category: 'dev_outbox', keepDays: 7, action: 'delete' },
] as const;
