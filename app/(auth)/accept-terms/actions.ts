'use server';

import { redirect } from 'next/navigation';
import { requireSession } from '@/lib/auth/current-session';
import { acceptDocumentVersions } from '@/lib/consent/re-consent';
import { requestContext } from '@/lib/http/request-context';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { acceptDocumentsSchema } from '@/lib/validation/consent';
import { formFields, formValues } from '@/lib/validation/form-data';

export async function acceptDocumentsAction(formData: unknown) {
  const parsed = acceptDocumentsSchema.safeParse({ versionIds: formValues(formData, 'versionId'), next: formFields(formData, ['next']).next ?? undefined });
  const next = safeRedirect(parsed.success ? parsed.data.next : undefined);
  const again = `/accept-terms?changed=1&next=${encodeURIComponent(next)}`;
  const session = await requireSession(`/accept-terms?next=${encodeURIComponent(next)}`);
  if (!parsed.success) redirect(again);
  const result = await acceptDocumentVersions({ userId: session.user.id, versionIds: parsed.data.versionIds, context: await requestContext() });
  redirect(result.ok && result.remaining === 0 ? next : again);
}
