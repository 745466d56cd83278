import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ProfileFieldForm } from '@/components/admin/profile-field-form';
import { findProfileField } from '@/lib/profile/field-admin';
import { requirePermission } from '@/lib/rbac/check';
import { updateProfileFieldAction } from '../actions';

export const metadata: Metadata = { title: 'Profile field' };

export default async function ProfileFieldPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  await requirePermission('profile:manage', `/admin/profile-fields/${key}`);
  const field = await findProfileField(key);
  if (!field) notFound();
  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link href="/admin/profile-fields" className="text-brand-ink hover:underline">← All profile fields</Link>
      </p>
      <PageTitle description={`Key: ${field.key} (cannot change: stored answers are kept under it).`}>{field.label}</PageTitle>
      <AccountSection id="edit-field" title="Edit field" description="Answers already given are kept whatever changes here.">
        <ProfileFieldForm
          action={updateProfileFieldAction.bind(null, field.key)}
          submitLabel="Save field"
          creating={false}
          initial={{
            label: field.label,
            type: field.type,
            required: field.required,
            askWhen: field.askWhen,
            askAfterSignIns: String(field.askAfterSignIns ?? 3),
            area: field.area ?? '',
            options: field.options ? field.options.split(',').join(', ') : '',
            sortOrder: String(field.sortOrder),
            active: field.active,
          }}
        />
      </AccountSection>
    </div>
  );
}
