/** Where a consent decision was made, in the words a customer reads in their history. */
export const CONSENT_SOURCES = {
  sign_up: 'When you signed up',
  account: 'In your privacy settings',
  re_consent: 'When asked to accept an update',
  staff: 'Recorded by our staff',
  api: 'Through a connected app',
} as const;

export type ConsentSource = keyof typeof CONSENT_SOURCES;

export function describeConsentSource(source: string): string {
  return source in CONSENT_SOURCES ? CONSENT_SOURCES[source as ConsentSource] : source;
}
