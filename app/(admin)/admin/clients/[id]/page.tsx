import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ActionButton } from '@/components/admin/action-button';
import { ClientForm } from '@/components/admin/client-form';
import { RotateSecretButton } from '@/components/admin/rotate-secret-button';
import { findClient } from '@/lib/oidc/client-administration';
import { requirePermission } from '@/lib/rbac/check';
import { grantableScopes } from '@/lib/oidc/clients';
import { clientIdSchema } from '@/lib/validation/oidc';
import { deleteClientAction, rotateClientSecretAction, setClientDisabledAction, updateClientAction } from '../actions';

export const metadata: Metadata = { title: 'App' };

export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requirePermission('clients:manage', `/admin/clients/${id}`);
  const client = clientIdSchema.safeParse(id).success ? await findClient(id) : null;
  if (!client) notFound();
  const scopes = await grantableScopes(session.user.id);
  const disabled = client.disabledAt !== null;
  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link href="/admin/clients" className="text-brand-ink hover:underline">← All apps</Link>
      </p>
      <PageTitle description={<>Client ID <code className="font-mono">{client.clientId}</code></>}>{client.name}</PageTitle>
      <AccountSection id="edit-client" title="Settings" description="Changes apply to the app’s next request. You may be asked to confirm it is you.">
        <ClientForm
          action={updateClientAction.bind(null, client.clientId)}
          initial={{
            name: client.name,
            type: client.type,
            redirectUris: client.redirectUris.join('\n'),
            postLogoutRedirectUris: client.postLogoutRedirectUris.join('\n'),
            grantTypes: client.grantTypes,
            scopes: client.scopes,
            firstParty: client.firstParty,
          }}
          submitLabel="Save app"
          grantableScopes={scopes}
        />
      </AccountSection>
      {client.type === 'confidential' ? (
        <AccountSection
          id="secret"
          title="Client secret"
          description="Rotating replaces the secret at once: the old one stops working immediately, so update the app with the new one straight away."
        >
          <RotateSecretButton
            action={rotateClientSecretAction.bind(null, client.clientId)}
            secretLabel="Client secret"
            secretHint="Copy it now into the app’s configuration: it is not shown again, only a hash of it is kept."
          />
        </AccountSection>
      ) : null}
      <AccountSection
        id="state"
        title={disabled ? 'The app is disabled' : 'The app is enabled'}
        description={
          disabled
            ? 'It cannot sign anyone in or get tokens, and the tokens it holds no longer work. Enabling it lets it work again with its current settings.'
            : 'Disabling stops it at once: no sign-ins, no new tokens, and the tokens it holds stop working. People’s consent is kept.'
        }
      >
        <ActionButton action={setClientDisabledAction.bind(null, client.clientId, !disabled)} label={disabled ? 'Enable app' : 'Disable app'} />
      </AccountSection>
      <AccountSection id="delete" title="Delete app" description="Deletes the app with every consent people gave it and every token it was issued. This cannot be undone.">
        <ActionButton action={deleteClientAction.bind(null, client.clientId)} label="Delete app" variant="danger" />
      </AccountSection>
    </div>
  );
}
