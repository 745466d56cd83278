import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccountSection, PageTitle } from '@/components/account/section';
import { ActionButton } from '@/components/admin/action-button';
import { RotateSecretButton } from '@/components/admin/rotate-secret-button';
import { WebhookDeliveryLog } from '@/components/admin/webhook-delivery-log';
import { WebhookEndpointForm } from '@/components/admin/webhook-endpoint-form';
import { requirePermission } from '@/lib/rbac/check';
import { webhookIdSchema } from '@/lib/validation/webhooks';
import { findWebhookEndpoint } from '@/lib/webhooks/endpoints';
import {
  deleteWebhookEndpointAction,
  resendWebhookDeliveryAction,
  rotateWebhookSecretAction,
  setWebhookEndpointEnabledAction,
  updateWebhookEndpointAction,
} from '../actions';

export const metadata: Metadata = { title: 'Webhook endpoint' };

export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePermission('webhooks:manage', `/admin/webhooks/${id}`);
  const endpoint = webhookIdSchema.safeParse(id).success ? await findWebhookEndpoint(id) : null;
  if (!endpoint) notFound();
  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link href="/admin/webhooks" className="text-brand-ink hover:underline">← All webhook endpoints</Link>
      </p>
      <PageTitle description={endpoint.description ?? undefined}>
        <span className="break-all">{endpoint.url}</span>
      </PageTitle>
      <AccountSection
        id="deliveries"
        title="Delivery log"
        description="The latest 50 deliveries, newest first. Failed attempts are retried after about 5 s, 30 s, 2 min, 10 min, 1 h, 4 h and 12 h, then given up. Reload to see progress."
      >
        <WebhookDeliveryLog deliveries={endpoint.deliveries} resend={resendWebhookDeliveryAction.bind(null, endpoint.id)} />
      </AccountSection>
      <AccountSection id="edit-webhook" title="Edit endpoint">
        <WebhookEndpointForm action={updateWebhookEndpointAction.bind(null, endpoint.id)} initial={endpoint} submitLabel="Save endpoint" />
      </AccountSection>
      <AccountSection
        id="state"
        title={endpoint.enabled ? 'Sending is on' : 'Sending is off'}
        description={
          endpoint.enabled
            ? 'Disable the endpoint to stop sending; waiting deliveries are kept and go out when it is enabled again.'
            : 'Nothing is sent and new events are not queued for this endpoint. Deliveries already waiting go out when it is enabled.'
        }
      >
        <ActionButton action={setWebhookEndpointEnabledAction.bind(null, endpoint.id, !endpoint.enabled)} label={endpoint.enabled ? 'Disable endpoint' : 'Enable endpoint'} />
      </AccountSection>
      <AccountSection
        id="secret"
        title="Signing secret"
        description="Rotating replaces the secret at once: update the receiver with the new one straight away, or it will reject the next deliveries (they are retried)."
      >
        <RotateSecretButton action={rotateWebhookSecretAction.bind(null, endpoint.id)} />
      </AccountSection>
      <AccountSection id="delete" title="Delete endpoint" description="Deletes the endpoint and its delivery log. Nothing more is sent to it.">
        <ActionButton action={deleteWebhookEndpointAction.bind(null, endpoint.id)} label="Delete endpoint" variant="danger" />
      </AccountSection>
    </div>
  );
}
