import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';

export const metadata: Metadata = { title: 'Check your email' };

export default function CheckEmailPage() {
  return (
    <Card title="Check your email" description="We have sent a message to the address you gave. Follow the link in it to confirm your address and continue.">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Nothing arrived after a few minutes? Check your spam folder, or{' '}
        <Link href="/sign-in" className="text-brand-ink underline">sign in</Link> if you already have an account.
      </p>
    </Card>
  );
}
