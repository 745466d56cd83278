import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { ProfileFieldsForm } from '@/components/profile/profile-fields-form';
import { requireSession } from '@/lib/auth/current-session';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { dueProfileFields, type DueTrigger } from '@/lib/profile/progressive';
import { completeProfileAction } from './actions';

export const metadata: Metadata = { title: 'A quick question' };

/** The progressive-profiling interstitial: asks only what is due, then continues. */
export default async function CompleteProfilePage({ searchParams }: { searchParams: Promise<{ next?: string; area?: string }> }) {
  const { next: rawNext, area } = await searchParams;
  const next = safeRedirect(rawNext);
  const session = await requireSession(`/complete-profile?next=${encodeURIComponent(next)}`);
  const trigger: DueTrigger = area ? { kind: 'area', path: safeRedirect(area) } : { kind: 'sign_in' };
  const fields = await dueProfileFields(session.user.id, trigger);
  if (fields.length === 0) redirect(next);
  const description =
    trigger.kind === 'area'
      ? 'This part of your account needs a little more information before you continue.'
      : 'Help us get to know you. It only takes a moment.';
  return (
    <Card title={fields.length === 1 ? `What is your ${fields[0]!.label.toLowerCase()}?` : 'Tell us a little about you'} description={description}>
      <ProfileFieldsForm fields={fields} submitLabel="Continue" action={completeProfileAction.bind(null, trigger, next)} />
    </Card>
  );
}
