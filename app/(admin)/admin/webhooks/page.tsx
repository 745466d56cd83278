import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountSection, PageTitle } from '@/components/account/section';
import { WebhookEndpointForm } from '@/components/admin/webhook-endpoint-form';
import { DateTime } from '@/components/ui/date-time';
import { SimpleTable } from '@/components/ui/simple-table';
import { requirePermission } from '@/lib/rbac/check';
import { listWebhookEndpoints } from '@/lib/webhooks/endpoints';
import { createWebhookEndpointAction } from './actions';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksPage() {
  await requirePermission('webhooks:manage', '/admin/webhooks');
  const endpoints = await listWebhookEndpoints();
  return (
    <div className="space-y-8">
      <PageTitle description="Systems that are told when accounts, consent, sessions and roles change. Every request is signed following Standard Webhooks and retried until it is accepted.">
        Webhooks
      </PageTitle>
      <SimpleTable
        caption="Webhook endpoints"
        captionHidden
        columns={['Endpoint', 'Events', 'State', 'Waiting', 'Failed', 'Registered']}
        rows={endpoints}
        rowKey={(endpoint) => endpoint.id}
        rowClassName="align-top"
        empty="No endpoints yet. Register one below."
        renderRow={(endpoint) => (
          <>
            <td className="max-w-xs px-4 py-2">
              <Link href={`/admin/webhooks/${endpoint.id}`} className="break-all font-medium text-brand-ink hover:underline">
                {endpoint.url}
              </Link>
              {endpoint.description ? <p className="text-zinc-500 dark:text-zinc-400">{endpoint.description}</p> : null}
            </td>
            <td className="px-4 py-2">
              <ul>
                {endpoint.eventTypes.map((type) => (
                  <li key={type}><code className="text-xs">{type}</code></li>
                ))}
              </ul>
            </td>
            <td className="px-4 py-2">{endpoint.enabled ? 'Enabled' : 'Disabled'}</td>
            <td className="px-4 py-2">{endpoint.waiting}</td>
            <td className={`px-4 py-2 ${endpoint.failed > 0 ? 'font-semibold text-red-700 dark:text-red-400' : ''}`}>{endpoint.failed}</td>
            <td className="px-4 py-2"><DateTime value={endpoint.createdAt} withTime={false} /></td>
          </>
        )}
      />
      <AccountSection
        id="register-webhook"
        title="Register an endpoint"
        description="Gatehouse POSTs each chosen event as JSON to this URL. The signing secret is shown once, right after registering."
      >
        <WebhookEndpointForm action={createWebhookEndpointAction} submitLabel="Register endpoint" />
      </AccountSection>
    </div>
  );
}
