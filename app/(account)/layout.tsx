import type { ReactNode } from 'react';
import Link from 'next/link';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { BrandHeader } from '@/components/brand/brand-header';
import { Alert } from '@/components/ui/alert';
import { ResendVerification } from '@/components/account/resend-verification';
import { requireSession } from '@/lib/auth/current-session';
import { mustAcceptDocuments } from '@/lib/consent/re-consent';
import { config } from '@/lib/config';
import { currentUserCan } from '@/lib/rbac/check';
import { resendVerificationAction, signOutAction } from './actions';

/** The account area's sections, in the order a customer scans them. */
const ACCOUNT_SECTIONS = [
  ['/account', 'Overview'],
  ['/account/profile', 'Profile'],
  ['/account/security', 'Security'],
  ['/account/sessions', 'Devices'],
  ['/account/privacy', 'Privacy'],
  ['/account/activity', 'Activity'],
] as const;

export default async function AccountLayout({ children }: { children: ReactNode }) {
  const session = await requireSession('/account');
  // Sign-in asks already; this catches sessions that began before new terms were published.
  // Someone who will not accept may still close their account (and confirm it is them to do so).
  const path = (await headers()).get('x-gatehouse-path') ?? '';
  const mayDecline = path === '/account/delete' || path === '/account/confirm-identity';
  if (!mayDecline && (await mustAcceptDocuments(session.user.id))) redirect('/accept-terms?next=%2Faccount');
  const { brand } = config();
  const isStaff = await currentUserCan('dashboard:read');
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-4 px-4 py-3">
          <BrandHeader name={brand.name} logoUrl={brand.logoUrl} href="/account" />
          <nav aria-label="Account" className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
            {ACCOUNT_SECTIONS.map(([href, label]) => (
              <Link key={href} href={href} className="hover:underline">
                {label}
              </Link>
            ))}
            {isStaff ? <Link href="/admin" className="hover:underline">Admin console</Link> : null}
            <form action={signOutAction}>
              <button type="submit" className="rounded-lg border border-zinc-300 px-3 py-1.5 font-semibold hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
                Sign out
              </button>
            </form>
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-6 px-4 py-8">
        {!session.user.emailVerified ? (
          <Alert tone="warning">
            Your email address is not confirmed yet. Check your inbox for the link, or <ResendVerification action={resendVerificationAction} />
          </Alert>
        ) : null}
        {children}
      </main>
    </div>
  );
}
