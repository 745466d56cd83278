import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { PasswordSignInForm } from '@/components/auth/password-sign-in-form';
import { OtherSignInWays } from '@/components/auth/other-ways';
import { PasskeySignIn } from '@/components/auth/passkey-sign-in';
import { describePendingLink } from '@/lib/federation/pending-link';
import { readPendingLinkCookie } from '@/lib/federation/pending-link-cookie';
import { passwordSignInAction } from '../../actions';
import { passkeySignInAction, passkeySignInOptionsAction } from '../../passkey-actions';

export const metadata: Metadata = { title: 'Sign in to link your account' };

const AFTER_LINKING = '/account/security/linked-accounts';

/**
 * Where an upstream identity waits when its email belongs to an existing account: the
 * owner signs in here (any of their usual ways, plus their second factor), and the
 * sign-in links it. Nothing is linked on the email match alone.
 */
export default async function LinkAccountPage() {
  const secret = await readPendingLinkCookie();
  const pending = secret ? await describePendingLink(secret) : null;
  if (!pending) {
    return (
      <Card title="This request to link an account has expired">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Links wait 15 minutes. <Link href="/sign-in" className="font-semibold text-brand-ink hover:underline">Sign in</Link> and try the other provider again.
        </p>
      </Card>
    );
  }
  return (
    <Card title="An account with this email already exists — sign in to link">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        <strong className="text-zinc-900 dark:text-zinc-100">{pending.email}</strong> already has an account here. To use your{' '}
        {pending.providerName} account with it, sign in the way you usually do; we link {pending.providerName} once you are in, and you can
        unlink it from your account at any time.
      </p>
      <PasswordSignInForm next={AFTER_LINKING} action={passwordSignInAction} email={pending.email} />
      <PasskeySignIn next={AFTER_LINKING} getOptions={passkeySignInOptionsAction} signIn={passkeySignInAction} />
      <OtherSignInWays next={AFTER_LINKING} except="password" />
    </Card>
  );
}
