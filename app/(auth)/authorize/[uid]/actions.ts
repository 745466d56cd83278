'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { requireSession } from '@/lib/auth/current-session';
import { requestContext } from '@/lib/http/request-context';
import { decideConsent } from '@/lib/oidc/interactions';
import { consentDecisionSchema } from '@/lib/validation/oidc';
import { formFields } from '@/lib/validation/form-data';

/** Allow or decline on the consent page; either way the browser goes back to the app. */
export async function decideConsentAction(formData: unknown) {
  const parsed = consentDecisionSchema.safeParse(formFields(formData, ['uid', 'decision']));
  if (!parsed.success) redirect('/account');
  const here = `/authorize/${encodeURIComponent(parsed.data.uid)}`;
  const session = await requireSession(here);
  const result = await decideConsent({
    uid: parsed.data.uid,
    cookieHeader: (await headers()).get('cookie') ?? '',
    user: { userId: session.user.id, authMethods: session.authMethods, authenticatedAt: session.authenticatedAt, sessionId: session.sessionId },
    decision: parsed.data.decision,
    context: await requestContext(),
  });
  redirect(result.ok ? result.to : here);
}
