import type { Metadata } from 'next';
import Link from 'next/link';
import { PageTitle } from '@/components/account/section';

export const metadata: Metadata = { title: 'Security' };

const ITEMS = [
  ['/account/security/password', 'Password', 'Set, change or remove your password.'],
  ['/account/security/passkeys', 'Passkeys', 'Sign in with your fingerprint, face or device PIN instead of a password.'],
  ['/account/security/mfa', 'Two-step verification', 'Ask for a code from an authenticator app when you sign in; keep recovery codes.'],
  ['/account/security/linked-accounts', 'Linked accounts', 'Accounts at other providers you can sign in with.'],
  ['/account/recovery', 'Recovery phone', 'How support can confirm it is you if you lose access to your email.'],
] as const;

export default function SecurityPage() {
  return (
    <>
      <PageTitle description="How you sign in, and how you get back in if something goes wrong.">Security</PageTitle>
      <ul className="grid gap-4 sm:grid-cols-2">
        {ITEMS.map(([href, title, text]) => (
          <li key={href}>
            <Link href={href} className="block h-full rounded-2xl border border-zinc-200 bg-white p-5 shadow-sm hover:border-brand dark:border-zinc-800 dark:bg-zinc-900">
              <span className="font-semibold">{title}</span>
              <span className="mt-1 block text-sm text-zinc-600 dark:text-zinc-400">{text}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
