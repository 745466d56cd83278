import 'server-only';
import type { SignInMethods } from '@/lib/auth/sign-in-methods';

export type ChecklistItem = { key: string; label: string; done: boolean; fixLabel: string; href: string };

/** The account overview's security checklist: each item with a one-click path to fix it. */
export function securityChecklist(methods: SignInMethods): ChecklistItem[] {
  return [
    { key: 'email', label: 'Email address confirmed', done: methods.email, fixLabel: 'Confirm your email', href: '/account/profile#email' },
    { key: 'passkey', label: 'Passkey added', done: methods.passkeys > 0, fixLabel: 'Add a passkey', href: '/account/security/passkeys' },
    { key: 'mfa', label: 'Two-step verification on', done: methods.mfa, fixLabel: 'Turn on two-step verification', href: '/account/security/mfa' },
    {
      key: 'recovery',
      label: 'Recovery codes saved',
      done: methods.mfa && methods.unusedRecoveryCodes > 0,
      fixLabel: methods.mfa ? 'Get recovery codes' : 'Turn on two-step verification first',
      href: '/account/security/mfa',
    },
  ];
}
