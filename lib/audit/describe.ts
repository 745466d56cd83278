import type { AuditAction } from './actions';

/** What an audit event says, as the person it is about reads it in their activity. */
export type EventFacts = {
  action: string;
  result: string;
  reason: string | null;
  actorType: string;
  metadata: Record<string, unknown>;
  /** Names of consent purposes by key, to name them as the customer knows them. */
  purposeNames?: Record<string, string>;
};

const SIGN_IN_METHODS: Record<string, string> = {
  password: 'your password',
  magic_link: 'an emailed link',
  email_code: 'an emailed code',
  passkey: 'a passkey',
  totp: 'an authenticator code',
  recovery_code: 'a recovery code',
  oidc: 'a linked account',
};

const FAILED_SIGN_IN: Record<string, string> = {
  wrong_password: 'A sign-in with a wrong password was refused',
  no_password: 'A sign-in with a password was refused: your account has no password',
  locked: 'A sign-in was refused while password sign-in was paused',
};

function text(value: unknown) {
  return typeof value === 'string' ? value : null;
}

function methodsOf(facts: EventFacts) {
  const methods = (text(facts.metadata.methods) ?? '').split(',').filter(Boolean).map((m) => SIGN_IN_METHODS[m] ?? m);
  return methods.length ? ` with ${methods.join(' and ')}` : '';
}

function purposeOf(facts: EventFacts) {
  const key = text(facts.metadata.purpose) ?? 'document';
  const name = facts.purposeNames?.[key] ?? key.replace(/_/g, ' ');
  const version = typeof facts.metadata.version === 'number' ? ` (version ${facts.metadata.version})` : '';
  return `${name.charAt(0).toLowerCase()}${name.slice(1)}${version}`;
}

function requestKind(facts: EventFacts) {
  return facts.metadata.requestType === 'erasure' ? 'to erase your data' : 'for a copy of your data';
}

function retentionCategoryOf(facts: EventFacts) {
  return (text(facts.metadata.category) ?? 'data').replace(/_/g, ' ');
}

function countOf(facts: EventFacts) {
  return typeof facts.metadata.affected === 'number' ? facts.metadata.affected : 0;
}

/**
 * Every audit action in a customer's words, in one place. Typed against the action
 * catalogue, so a new action does not compile until it has a sentence here.
 */
const WORDING: Record<AuditAction, string | ((facts: EventFacts) => string)> = {
  'user.sign_up': (f) => (f.result === 'failure' ? 'Someone tried to create a new account with your email address' : 'You created your account'),
  'user.sign_in': (f) => `You signed in${methodsOf(f)}`,
  'user.sign_in_failed': (f) =>
    FAILED_SIGN_IN[f.reason ?? ''] ?? (f.reason?.startsWith('status_') ? 'A sign-in was refused because the account is not active' : 'A sign-in attempt failed'),
  'user.sign_out': 'You signed out',
  'user.locked_out': 'Password sign-in was paused after too many failed attempts',
  'user.email_verified': 'You confirmed your email address',
  'user.unproven_access_removed': 'You proved this email address is yours: every password, passkey, two-step factor, linked account, session and app access set up before it was removed',
  'user.verification_sent': 'We sent you a link to confirm your email address',
  'user.magic_link_sent': 'We emailed you a sign-in link',
  'user.email_code_sent': (f) => (f.metadata.purpose === 'step_up' ? 'We emailed you a code to confirm it is you' : 'We emailed you a sign-in code'),
  'user.password_reset_requested': 'A link to reset your password was requested',
  'user.password_reset': 'Your password was reset',
  'user.profile_updated': 'Your profile was updated',
  'user.consent_recorded': (f) => `You accepted the ${purposeOf(f)}`,
  'user.consent_changed': (f) => `You turned ${f.metadata.granted ? 'on' : 'off'} ${purposeOf(f)}`,
  'user.step_up': (f) => (f.result === 'failure' ? 'An attempt to confirm it was you failed' : 'You confirmed it was you'),
  'user.password_set': 'You set a password',
  'user.password_changed': 'Your password was changed',
  'user.password_removed': 'Your password was removed',
  'user.email_change_requested': 'A change of your email address was requested',
  'user.email_changed': 'Your email address was changed',
  'user.email_change_reported': (f) =>
    f.metadata.changedAlready
      ? 'You reported an email change you did not ask for: your address was put back, every device and app was signed out, and what was added since the change was removed'
      : 'You stopped an email change you did not ask for, and every device was signed out',
  'user.passkey_added': 'A passkey was added',
  'user.passkey_renamed': 'A passkey was renamed',
  'user.passkey_removed': 'A passkey was removed',
  'user.mfa_enabled': 'Two-step verification was turned on',
  'user.mfa_disabled': 'Two-step verification was turned off',
  'user.mfa_failed': 'A wrong two-step verification code was entered',
  'user.recovery_codes_generated': 'New recovery codes were created',
  'user.recovery_code_used': 'A recovery code was used',
  'user.account_linked': (f) => `You linked your ${text(f.metadata.providerName) ?? 'other'} account to sign in with it`,
  'user.account_unlinked': 'An account at another provider was unlinked',
  'user.data_exported': 'You downloaded your data',
  'user.deletion_requested': 'Deletion of your account was requested',
  'user.deletion_cancelled': 'Deletion of your account was cancelled',
  'user.erased': 'Your account was erased',
  'user.legal_hold_placed': 'A legal hold was placed on the account: it is kept until the hold is released',
  'user.legal_hold_released': 'The legal hold on the account was released',
  'session.revoked': 'A device was signed out',
  'staff.profile_viewed': 'A member of our staff opened your account',
  'staff.sessions_revoked': 'A member of our staff signed you out on every device',
  'staff.user_suspended': 'A member of our staff suspended your account',
  'staff.user_reactivated': 'A member of our staff reactivated your account',
  'staff.verification_sent': 'A member of our staff sent you a link to confirm your email address',
  'staff.password_reset_sent': 'A member of our staff sent you a link to reset your password',
  'dsr.filed': (f) => `A request ${requestKind(f)} was filed on your behalf`,
  'dsr.assigned': (f) => `Your request ${requestKind(f)} was assigned`,
  'dsr.started': (f) => `Your request ${requestKind(f)} was started`,
  'dsr.completed': (f) => `Your request ${requestKind(f)} was completed`,
  'dsr.rejected': (f) => `Your request ${requestKind(f)} was declined`,
  'dsr.erasure_refused': 'Erasure of your data was refused because of a legal hold',
  'dsr.export_downloaded': 'The copy of your data made for your request was downloaded',
  'consent.version_published': (f) => `A new version of the ${purposeOf(f)} was published`,
  'consent.purpose_created': (f) => `A new consent choice (${purposeOf(f)}) was added`,
  'consent.purpose_updated': (f) => `The settings of the ${purposeOf(f)} were changed`,
  'profile.field_created': (f) => `A profile question (${text(f.metadata.field) ?? 'new'}) was added`,
  'profile.field_updated': (f) => `A profile question (${text(f.metadata.field) ?? 'existing'}) was changed`,
  'role.created': (f) => `A staff role (${text(f.metadata.role) ?? 'custom'}) was created`,
  'role.updated': (f) => `A staff role (${text(f.metadata.role) ?? 'custom'}) was changed`,
  'role.deleted': (f) => `A staff role (${text(f.metadata.role) ?? 'custom'}) was deleted`,
  'role.assigned': (f) => `You were given the ${text(f.metadata.role) ?? 'new'} staff role`,
  'role.removed': (f) => `Your ${text(f.metadata.role) ?? 'staff'} role was removed`,
  'connection.created': (f) => `An enterprise connection (${text(f.metadata.name) ?? 'unnamed'}) was added`,
  'connection.updated': (f) => `An enterprise connection (${text(f.metadata.name) ?? 'unnamed'}) was changed`,
  'connection.enabled': (f) => `An enterprise connection (${text(f.metadata.name) ?? 'unnamed'}) was switched on`,
  'connection.disabled': (f) => `An enterprise connection (${text(f.metadata.name) ?? 'unnamed'}) was switched off`,
  'audit.exported': (f) => `The audit log was exported as ${f.metadata.format === 'json' ? 'JSON' : 'CSV'}`,
  'webhook.endpoint_created': (f) => `A webhook endpoint (${text(f.metadata.url) ?? 'unknown URL'}) was registered`,
  'webhook.endpoint_updated': (f) =>
    typeof f.metadata.enabled === 'boolean' ? `A webhook endpoint was ${f.metadata.enabled ? 'enabled' : 'disabled'}` : 'A webhook endpoint was changed',
  'webhook.endpoint_deleted': (f) => `A webhook endpoint (${text(f.metadata.url) ?? 'unknown URL'}) was deleted`,
  'webhook.secret_rotated': "A webhook endpoint's signing secret was replaced",
  'webhook.delivery_resent': 'A webhook delivery was sent again',
  'audit.pruned': (f) => `Audit events up to number ${typeof f.metadata.throughSequence === 'number' ? f.metadata.throughSequence : '?'} were removed by the retention policy`,
  'retention.policy_updated': (f) => `The ${retentionCategoryOf(f)} retention policy was changed`,
  'retention.dry_run': (f) => `The ${retentionCategoryOf(f)} retention policy was tried without changing anything (${countOf(f)} records would be affected)`,
  'retention.run_completed': (f) => `The ${retentionCategoryOf(f)} retention policy ran (${countOf(f)} records affected)`,
  'retention.run_failed': (f) => `The ${retentionCategoryOf(f)} retention policy failed to run`,
  'system.seeded': 'Your administrator account was set up',
  'oidc.authorized': (f) => `You signed in to ${text(f.metadata.client) ?? 'an app'} with your account`,
  'oidc.consent_granted': (f) => `You allowed ${text(f.metadata.client) ?? 'an app'} to see your details`,
  'oidc.consent_denied': (f) => `You declined to share your details with ${text(f.metadata.client) ?? 'an app'}`,
  'oidc.token_issued': (f) => `The app ${text(f.metadata.client) ?? 'an app'} was given an access token`,
  'oidc.client_registered': (f) => `The app ${text(f.metadata.client) ?? 'an app'} was registered to sign people in`,
  'oidc.client_updated': (f) =>
    typeof f.metadata.disabled === 'boolean'
      ? `The app ${text(f.metadata.client) ?? 'an app'} was ${f.metadata.disabled ? 'disabled' : 'enabled again'}`
      : `The settings of the app ${text(f.metadata.client) ?? 'an app'} were changed`,
  'oidc.client_secret_rotated': (f) => `The secret of the app ${text(f.metadata.client) ?? 'an app'} was replaced`,
  'oidc.client_deleted': (f) => `The app ${text(f.metadata.client) ?? 'an app'} was deleted and can no longer sign people in`,
  'oidc.consent_revoked': (f) => `You removed ${text(f.metadata.client) ?? 'an app'}’s access to your account`,
  'oidc.signing_key_rotated': 'The key that signs sign-in tokens was replaced',
  'api.request': (f) => `The app ${text(f.metadata.client) ?? 'an app'} called the management API (${text(f.metadata.operation) ?? 'unknown operation'})`,
  'api.user_created': 'Your account was created by one of our connected systems',
  'api.user_updated': 'Your account details were changed by one of our connected systems',
  'api.user_suspended': 'Your account was suspended by one of our connected systems',
  'api.user_reactivated': 'Your account was reactivated by one of our connected systems',
  'api.sessions_revoked': 'One of our connected systems signed you out on every device',
};

export function describeAuditEvent(facts: EventFacts): string {
  const wording = (WORDING as Record<string, string | ((f: EventFacts) => string) | undefined>)[facts.action];
  // Stored events may name actions this version no longer has.
  const sentence = wording === undefined ? `Account event: ${facts.action}` : typeof wording === 'string' ? wording : wording(facts);
  return facts.actorType === 'staff' && !facts.action.startsWith('staff.') ? `${sentence} by our staff` : sentence;
}

/** Audit metadata is JSON text; an unreadable value shows as no details rather than failing the page. */
export function parseAuditMetadata(metadata: string | null): Record<string, unknown> {
  if (!metadata) return {};
  try {
    const value: unknown = JSON.parse(metadata);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return { unreadable: true };
  }
}
