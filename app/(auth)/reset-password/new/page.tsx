import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { NewPasswordForm } from '@/components/auth/new-password-form';
import { config } from '@/lib/config';
import { resetPasswordAction } from '../../actions';

export const metadata: Metadata = { title: 'Choose a new password' };

export default async function NewPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token = '' } = await searchParams;
  return (
    <Card title="Choose a new password" description="After you save it, every other device signed in to your account is signed out.">
      <NewPasswordForm token={token} minLength={config().password.minLength} action={resetPasswordAction} />
    </Card>
  );
}
