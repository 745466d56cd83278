import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountSection, PageTitle } from '@/components/account/section';
import { AddPasskeyButton } from '@/components/account/passkeys/add-passkey-button';
import { PasskeyItem, type PasskeyView } from '@/components/account/passkeys/passkey-item';
import { requireSession } from '@/lib/auth/current-session';
import { listPasskeys } from '@/lib/auth/passkeys/manage';
import { passkeyRegistrationOptionsAction, registerPasskeyAction, removePasskeyAction, renamePasskeyAction } from './actions';

export const metadata: Metadata = { title: 'Passkeys' };

// Rendered on the server, so the date is formatted once, the same for every visitor.
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export default async function PasskeysPage() {
  const session = await requireSession('/account/security/passkeys');
  const passkeys: PasskeyView[] = (await listPasskeys(session.user.id)).map((p) => ({
    id: p.id,
    name: p.name,
    added: dateFormat.format(p.createdAt),
    lastUsed: p.lastUsedAt ? dateFormat.format(p.lastUsedAt) : null,
    synced: p.backedUp,
  }));
  return (
    <>
      <div className="text-sm">
        <Link href="/account/security" className="text-brand-ink underline-offset-4 hover:underline">← Security</Link>
      </div>
      <PageTitle description="Sign in with your fingerprint, face or device PIN instead of a password. Passkeys stay on your devices and cannot be phished or guessed.">
        Passkeys
      </PageTitle>
      <AccountSection
        id="passkeys"
        title="Your passkeys"
        description="A synced passkey is kept by your password manager (such as iCloud Keychain or Google Password Manager) and works on all your devices signed in to it."
      >
        {passkeys.length > 0 ? (
          <ul aria-label="Your passkeys" className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {passkeys.map((passkey) => (
              <PasskeyItem key={passkey.id} passkey={passkey} rename={renamePasskeyAction} remove={removePasskeyAction} />
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">You have no passkeys yet.</p>
        )}
        <AddPasskeyButton getOptions={passkeyRegistrationOptionsAction} register={registerPasskeyAction} />
      </AccountSection>
    </>
  );
}
