import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { config } from '@/lib/config';
import { signUpAction } from '../actions';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <Card title="Create your account" description={`It takes a minute. ${config().brand.name} asks only for what it needs.`}>
      <SignUpForm minLength={config().password.minLength} next={next} action={signUpAction} />
      <p className="text-center text-sm">
        Already have an account?{' '}
        <Link href={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'} className="font-semibold text-brand-ink underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </Card>
  );
}
