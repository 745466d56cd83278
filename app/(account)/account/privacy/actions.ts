'use server';

import { redirect } from 'next/navigation';
import { userActor } from '@/lib/audit/actor';
import { requireAgreedSession } from '@/lib/auth/current-session';
import { changeConsent } from '@/lib/consent/change';
import { requestContext } from '@/lib/http/request-context';
import { changeConsentSchema } from '@/lib/validation/consent';
import { removeConnectedApp } from '@/lib/oidc/connected-apps';
import { removeConnectedAppSchema } from '@/lib/validation/oidc';
import { formFields } from '@/lib/validation/form-data';

const PATH = '/account/privacy';

export async function changeConsentAction(formData: unknown) {
  const session = await requireAgreedSession(PATH);
  const parsed = changeConsentSchema.safeParse(formFields(formData, ['purpose', 'granted']));
  if (!parsed.success) redirect(`${PATH}?error=choice`);
  const result = await changeConsent(
    { userId: session.user.id, purposeKey: parsed.data.purpose, granted: parsed.data.granted },
    userActor(session, await requestContext()),
  );
  redirect(result.ok ? `${PATH}?changed=${encodeURIComponent(result.purpose.key)}#choices-title` : `${PATH}?error=choice`);
}

export async function removeConnectedAppAction(formData: unknown) {
  const session = await requireAgreedSession(PATH);
  const parsed = removeConnectedAppSchema.safeParse(formFields(formData, ['clientId']));
  if (!parsed.success) redirect(`${PATH}?error=app#connected-apps-title`);
  const result = await removeConnectedApp(parsed.data.clientId, userActor(session, await requestContext()));
  redirect(`${PATH}?${result.ok ? 'removed=app' : 'error=app'}#connected-apps-title`);
}
