'use server';

import { redirect } from 'next/navigation';
import { finishSignIn } from '@/lib/auth/after-sign-in';
import { passkeySignInChallenge, signInWithPasskey } from '@/lib/auth/passkeys/authentication';
import { requestContext } from '@/lib/http/request-context';
import { passkeySignInSchema } from '@/lib/validation/passkeys';

export async function passkeySignInOptionsAction() {
  return passkeySignInChallenge(await requestContext());
}

export async function passkeySignInAction(values: unknown) {
  const parsed = passkeySignInSchema.safeParse(values);
  if (!parsed.success) return { ok: false as const, formError: 'That passkey could not be used. Try again, or sign in another way.' };
  const result = await signInWithPasskey(parsed.data.response, await requestContext());
  if (!result.ok) return { ok: false as const, formError: result.message };
  redirect(await finishSignIn(result.outcome, parsed.data.next));
}
