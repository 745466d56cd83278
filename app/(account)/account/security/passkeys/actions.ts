'use server';

import { revalidatePath } from 'next/cache';
import { requireAgreedSession } from '@/lib/auth/current-session';
import { isRecentlyAuthenticated, stepUpRequired } from '@/lib/auth/step-up';
import { passkeyRegistrationOptions, registerPasskey } from '@/lib/auth/passkeys/registration';
import { removePasskey, renamePasskey } from '@/lib/auth/passkeys/manage';
import { userActor } from '@/lib/audit/actor';
import { requestContext } from '@/lib/http/request-context';
import { removePasskeySchema, renamePasskeySchema } from '@/lib/validation/passkeys';

const PAGE = '/account/security/passkeys';

async function actor() {
  const session = await requireAgreedSession(PAGE);
  return { session, actor: userActor(session, await requestContext()) };
}

/** Starting the ceremony: adding a way in is sensitive, so it needs a recent sign-in. */
export async function passkeyRegistrationOptionsAction() {
  const { session } = await actor();
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(PAGE);
  return { ok: true as const, options: await passkeyRegistrationOptions(session.user.id) };
}

export async function registerPasskeyAction(response: unknown) {
  const { session, actor: who } = await actor();
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(PAGE);
  const result = await registerPasskey(who, response);
  if (!result.ok) return { ok: false as const, formError: result.message };
  revalidatePath(PAGE);
  return { ok: true as const, message: `Passkey added as “${result.passkey.name}”. You can rename it at any time.` };
}

export async function renamePasskeyAction(values: unknown) {
  const { actor: who } = await actor();
  const parsed = renamePasskeySchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, fieldErrors: { name: parsed.error.issues[0]!.message } };
  const result = await renamePasskey(who, parsed.data);
  if (!result.ok) return { ok: false as const, formError: result.message };
  revalidatePath(PAGE);
  return { ok: true as const, message: 'Passkey renamed.' };
}

export async function removePasskeyAction(values: unknown) {
  const { session, actor: who } = await actor();
  if (!isRecentlyAuthenticated(session)) return stepUpRequired(PAGE);
  const parsed = removePasskeySchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, formError: 'That passkey was not found.' };
  const result = await removePasskey(who, parsed.data.passkeyId);
  if (!result.ok) return { ok: false as const, formError: result.message };
  revalidatePath(PAGE);
  return { ok: true as const, message: 'Passkey removed.' };
}
