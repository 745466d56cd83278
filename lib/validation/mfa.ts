import { z } from 'zod';

// Two-step verification forms: the sign-in challenge and the account page. Safe client-side.

const appCode = z
  .string({ error: 'Enter the 6-digit code from your authenticator app.' })
  // Apps show the code as "123 456"; people type it that way too.
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app.'));

const recoveryCode = z
  .string({ error: 'Enter one of your recovery codes.' })
  .trim()
  .min(1, 'Enter one of your recovery codes.')
  .max(64, 'That is longer than a recovery code. Check it and try again.');

const nextPath = z.string().max(2048).optional();

export const totpSignInSchema = z.object({ method: z.literal('totp'), code: appCode, next: nextPath });
export type TotpSignInInput = z.input<typeof totpSignInSchema>;

export const recoveryCodeSignInSchema = z.object({ method: z.literal('recovery_code'), code: recoveryCode, next: nextPath });
export type RecoveryCodeSignInInput = z.input<typeof recoveryCodeSignInSchema>;

export const secondFactorSchema = z.discriminatedUnion('method', [totpSignInSchema, recoveryCodeSignInSchema]);

/** Confirms a new authenticator app by a code it shows. */
export const confirmTotpSchema = z.object({ code: appCode });
export type ConfirmTotpInput = z.input<typeof confirmTotpSchema>;
