// What each retention category means, in plain words, and which actions make sense for it.
// Plain data, safe on the client: the admin form and the server read the same catalogue.

export const RETENTION_CATEGORIES = [
  'audit_events',
  'expired_sessions',
  'verification_tokens',
  'provider_records',
  'webhook_deliveries',
  'finished_jobs',
  'inactive_accounts',
  'erased_tombstones',
  'dev_outbox',
] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

export const RETENTION_ACTIONS = ['delete', 'anonymise'] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];

export type CategoryDescription = {
  title: string;
  /** What the policy removes, finishing the sentence "Keeps …". */
  explanation: string;
  /** The only actions that make sense for the category; the first is the default. */
  actions: readonly RetentionAction[];
  /** The unit the counts are in ("audit events", "accounts"). */
  unit: string;
};

export const CATEGORY_DESCRIPTIONS: Record<RetentionCategory, CategoryDescription> = {
  audit_events: {
    title: 'Audit events',
    explanation:
      'Deletes audit log events older than the limit, oldest first. The log stays verifiable: the point where it now starts is recorded in the log itself. Events about people under legal hold are kept, and so is everything after them.',
    actions: ['delete'],
    unit: 'audit events',
  },
  expired_sessions: {
    title: 'Expired sessions',
    explanation: 'Deletes sign-in sessions that expired more than the limit ago. Live sessions are never touched.',
    actions: ['delete'],
    unit: 'sessions',
  },
  verification_tokens: {
    title: 'Verification tokens',
    explanation: 'Deletes emailed links and codes (confirmations, sign-in links, resets) that expired more than the limit ago.',
    actions: ['delete'],
    unit: 'tokens',
  },
  provider_records: {
    title: 'Expired app sign-in records',
    explanation:
      'Deletes what Gatehouse keeps for apps that sign in through it (sign-ins, consents, codes and tokens) once it expired more than the limit ago. Nothing still valid is touched, and records of people under legal hold are kept.',
    actions: ['delete'],
    unit: 'records',
  },
  webhook_deliveries: {
    title: 'Webhook delivery log',
    explanation:
      'Deletes webhook events older than the limit, with their delivery log, once every delivery has succeeded or given up. Events still waiting to be delivered are kept, however old. Events carry ids only, so legal hold does not apply to them.',
    actions: ['delete'],
    unit: 'webhook events',
  },
  finished_jobs: {
    title: 'Finished background jobs',
    explanation:
      'Deletes the record of background work (emails above all) that was done or given up more than the limit ago. Work still waiting or being retried is kept, however old. A finished job keeps no address, link or code, only its kind, outcome and times, so legal hold does not apply to it.',
    actions: ['delete'],
    unit: 'jobs',
  },
  inactive_accounts: {
    title: 'Inactive accounts',
    explanation:
      'Erases customer accounts with no sign-in for longer than the limit (or never signed in and created before it): personal data is removed and a tombstone keeps the audit trail. Staff accounts and people under legal hold are never touched.',
    actions: ['anonymise'],
    unit: 'accounts',
  },
  erased_tombstones: {
    title: 'Erased-account tombstones',
    explanation: 'Deletes the empty placeholder left by an erasure once it is older than the limit. The audit events stay, naming an id that no longer exists.',
    actions: ['delete'],
    unit: 'tombstones',
  },
  dev_outbox: {
    title: 'Development outbox',
    explanation: 'Deletes emails kept in the development outbox (/dev/outbox) that are older than the limit.',
    actions: ['delete'],
    unit: 'messages',
  },
};

export function isRetentionCategory(value: string): value is RetentionCategory {
  return (RETENTION_CATEGORIES as readonly string[]).includes(value);
}

/** "12 records would be deleted", in the category's words. */
export function describeCount(category: RetentionCategory, action: string, count: number, dryRun: boolean) {
  const { unit } = CATEGORY_DESCRIPTIONS[category];
  const noun = count === 1 ? unit.replace(/s$/, '') : unit;
  const verb = action === 'anonymise' ? 'anonymised' : 'deleted';
  return dryRun ? `${count} ${noun} would be ${verb}.` : `${count} ${noun} ${count === 1 ? 'was' : 'were'} ${verb}.`;
}
