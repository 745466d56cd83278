import type { Metadata } from 'next';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ChangeEmailForm } from '@/components/account/change-email-form';
import { ProfileFieldsForm } from '@/components/profile/profile-fields-form';
import { requireSession } from '@/lib/auth/current-session';
import { editableProfile } from '@/lib/profile/progressive';
import { requestEmailChangeAction, updateProfileAction } from './actions';

export const metadata: Metadata = { title: 'Profile' };

export default async function ProfilePage() {
  const session = await requireSession('/account/profile');
  const profile = await editableProfile(session.user.id);
  const verifiedKeys = Object.keys(profile.verified);
  return (
    <>
      <PageTitle description="What we know about you. Leave a field empty to remove it.">Profile</PageTitle>
      <AccountSection id="details" title="Your details" description={verifiedKeys.length ? `Verified: ${verifiedKeys.join(', ')}. Changing a verified detail removes its verification.` : undefined}>
        <ProfileFieldsForm fields={profile.fields} initialValues={profile.values} submitLabel="Save profile" action={updateProfileAction} allowSkip={false} markOptional={false} />
      </AccountSection>
      <div id="email">
        <AccountSection
          title="Email address"
          description={`${session.user.email} (${session.user.emailVerified ? 'confirmed' : 'not confirmed'}). A new address is used only after you confirm it by the link we send there.`}
        >
          <ChangeEmailForm action={requestEmailChangeAction} />
        </AccountSection>
      </div>
    </>
  );
}
