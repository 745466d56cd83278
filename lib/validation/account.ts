import { z } from 'zod';
import { DEFAULT_PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, emailSchema, passwordSchema } from './auth';

// Schemas for the self-service account area, shared by its forms and server actions.

export const confirmPasswordSchema = z.object({
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  next: z.string().max(2048).optional(),
});
export type ConfirmPasswordInput = z.input<typeof confirmPasswordSchema>;

export const confirmCodeSchema = z.object({
  code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code from the email.'),
  next: z.string().max(2048).optional(),
});
export type ConfirmCodeInput = z.input<typeof confirmCodeSchema>;

export function setPasswordSchema(minLength = DEFAULT_PASSWORD_MIN_LENGTH) {
  return z
    .object({ password: passwordSchema(minLength), confirmation: z.string() })
    .refine((v) => v.password === v.confirmation, { path: ['confirmation'], message: 'The two passwords do not match.' });
}
export type SetPasswordInput = z.input<ReturnType<typeof setPasswordSchema>>;

export const changeEmailSchema = z.object({ email: emailSchema });
export type ChangeEmailInput = z.input<typeof changeEmailSchema>;

export const DELETE_CONFIRMATION = 'DELETE';
export const deleteAccountSchema = z.object({
  confirmation: z.literal(DELETE_CONFIRMATION, { error: `Type ${DELETE_CONFIRMATION} in capitals to confirm.` }),
});
export type DeleteAccountInput = z.input<typeof deleteAccountSchema>;

/** Step-up with two-step verification on: six digits are an app code, anything else a recovery code. */
export const confirmSecondFactorSchema = z.object({
  code: z.string().trim().min(1, 'Enter the code from your authenticator app, or a recovery code.').max(64, 'That code is too long.'),
  next: z.string().max(2048).optional(),
});
export type ConfirmSecondFactorInput = z.input<typeof confirmSecondFactorSchema>;
