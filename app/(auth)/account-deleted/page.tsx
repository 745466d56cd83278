import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';

export const metadata: Metadata = { title: 'Account closed' };

export default async function AccountDeletedPage({ searchParams }: { searchParams: Promise<{ on?: string }> }) {
  const { on } = await searchParams;
  return (
    <Card title="Your account is closed" description={`Every device has been signed out. Your personal data will be erased${on ? ` on ${on}` : ''}.`}>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Changed your mind? Sign in before then and choose to restore your account. We have also sent you an email with this date.</p>
    </Card>
  );
}
