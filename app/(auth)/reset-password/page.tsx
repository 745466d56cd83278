import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { EmailRequestForm } from '@/components/auth/email-request-form';
import { requestPasswordResetAction } from '../actions';

export const metadata: Metadata = { title: 'Reset your password' };

export default function ResetPasswordPage() {
  return (
    <Card title="Reset your password" description="Enter your email address and we will send you a link to choose a new password.">
      <EmailRequestForm submitLabel="Email me a reset link" action={requestPasswordResetAction} />
      <p className="text-center text-sm">
        Remembered it? <Link href="/sign-in" className="font-semibold text-brand-ink underline-offset-4 hover:underline">Sign in</Link>
      </p>
    </Card>
  );
}
