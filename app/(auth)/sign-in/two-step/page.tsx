import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { Alert } from '@/components/ui/alert';
import { SecondFactorForm } from '@/components/auth/second-factor-form';
import { readChallengeCookie } from '@/lib/auth/mfa/challenge-cookie';
import { checkChallenge } from '@/lib/auth/mfa/second-factor';
import { secondFactorAction } from './actions';

export const metadata: Metadata = { title: 'Two-step verification' };

/** Where every sign-in method lands when the account has two-step verification on. */
export default async function TwoStepPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const token = await readChallengeCookie();
  const challenge = token ? await checkChallenge(token) : { ok: false as const, message: 'This sign-in has expired. Sign in again to continue.' };
  if (!challenge.ok) {
    return (
      <Card title="Two-step verification">
        <Alert tone="error">{challenge.message}</Alert>
        <Link href={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'} className="block text-center text-sm font-semibold text-brand-ink underline-offset-4 hover:underline">
          Sign in again
        </Link>
      </Card>
    );
  }
  return (
    <Card title="Two-step verification" description="Your account is protected with a second step. Confirm it is you to finish signing in.">
      <SecondFactorForm next={next} action={secondFactorAction} />
    </Card>
  );
}
