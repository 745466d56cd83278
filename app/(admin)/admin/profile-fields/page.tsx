import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ProfileFieldForm } from '@/components/admin/profile-field-form';
import { SimpleTable } from '@/components/ui/simple-table';
import { listProfileFields, nextProfileFieldPosition, type AdminProfileField } from '@/lib/profile/field-admin';
import { requirePermission } from '@/lib/rbac/check';
import { PROFILE_FIELD_TYPE_LABELS } from '@/lib/validation/profile-fields';
import { createProfileFieldAction } from './actions';

export const metadata: Metadata = { title: 'Profile fields' };

function whenAsked(field: AdminProfileField) {
  switch (field.askWhen) {
    case 'sign_up':
      return 'At the first sign-in';
    case 'after_sign_ins':
      return `From sign-in ${field.askAfterSignIns ?? 1}`;
    case 'before_area':
      return `Before ${field.area ?? '—'}`;
    default:
      return 'Never (profile page only)';
  }
}

export default async function ProfileFieldsPage() {
  await requirePermission('profile:manage', '/admin/profile-fields');
  const [fields, position] = await Promise.all([listProfileFields(), nextProfileFieldPosition()]);
  return (
    <div className="space-y-8">
      <PageTitle description="What customers are asked about themselves, and when: the minimum at sign-up, the rest when it is needed.">Profile fields</PageTitle>
      <SimpleTable
        caption="Profile fields"
        captionHidden
        columns={['Position', 'Label', 'Type', 'Required', 'When asked', 'Active']}
        rows={fields}
        rowKey={(f) => f.key}
        renderRow={(f) => (
          <>
            <td className="px-4 py-2">{f.sortOrder}</td>
            <td className="px-4 py-2">
              <Link href={`/admin/profile-fields/${f.key}`} className="font-medium text-brand-ink hover:underline">
                {f.label}
              </Link>
              <div className="text-xs text-zinc-500 dark:text-zinc-400"><code>{f.key}</code></div>
            </td>
            <td className="px-4 py-2">
              {PROFILE_FIELD_TYPE_LABELS[f.type] ?? f.type}
              {f.options.length ? <div className="text-xs text-zinc-500 dark:text-zinc-400">{f.options.join(', ')}</div> : null}
            </td>
            <td className="px-4 py-2">{f.required ? 'Required' : 'Optional'}</td>
            <td className="px-4 py-2">{whenAsked(f)}</td>
            <td className="px-4 py-2">{f.active ? 'Active' : 'Inactive'}</td>
          </>
        )}
      />
      <AccountSection id="add-field" title="Add a field" description="Ask for as little as possible, and only when it is needed.">
        <ProfileFieldForm
          action={createProfileFieldAction}
          submitLabel="Add field"
          creating
          initial={{ label: '', type: 'text', required: false, askWhen: 'never', askAfterSignIns: '3', area: '', options: '', sortOrder: String(position), active: true }}
        />
      </AccountSection>
    </div>
  );
}
