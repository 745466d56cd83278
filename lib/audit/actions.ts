/** Every audit action name, defined once. */
export const AUDIT_ACTIONS = [
  'user.sign_up',
  'user.sign_in',
  'user.sign_in_failed',
  'user.sign_out',
  'user.locked_out',
  'user.email_verified',
  'user.verification_sent',
  'user.magic_link_sent',
  'user.email_code_sent',
  'user.password_reset_requested',
  'user.password_reset',
  'user.profile_updated',
  'user.consent_recorded',
  'session.revoked',
  'system.seeded',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
