'use server';

import { redirect } from 'next/navigation';
import { requireSession } from '@/lib/auth/current-session';
import { passkeyStepUpOptions, reauthenticateWithPasskey } from '@/lib/auth/passkeys/authentication';
import { requestContext } from '@/lib/http/request-context';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { passkeySignInSchema } from '@/lib/validation/passkeys';

export async function passkeyStepUpOptionsAction() {
  const session = await requireSession('/account/confirm-identity');
  return passkeyStepUpOptions(session.user.id);
}

export async function confirmWithPasskeyAction(values: unknown) {
  const session = await requireSession('/account/confirm-identity');
  const parsed = passkeySignInSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, formError: 'That passkey could not confirm it is you. Try again.' };
  const result = await reauthenticateWithPasskey(session, parsed.data.response, await requestContext());
  if (!result.ok) return { ok: false as const, formError: result.message };
  redirect(safeRedirect(parsed.data.next));
}
