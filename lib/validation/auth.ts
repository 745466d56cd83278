import { z } from 'zod';

// Shared by the browser forms (zodResolver) and the server actions, so both
// sides give the same message for the same mistake. Safe to import client-side.

/** Set from config on the server and passed to forms as a prop; 8 unless configured. */
export const DEFAULT_PASSWORD_MIN_LENGTH = 8;
/** Long passphrases are welcome; this bound only stops abuse of the hasher. */
export const PASSWORD_MAX_LENGTH = 256;

export const emailSchema = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .min(1, 'Enter your email address.')
  .max(254, 'An email address can be at most 254 characters.')
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }))
  .transform((v) => v.toLowerCase());

export function passwordSchema(minLength = DEFAULT_PASSWORD_MIN_LENGTH) {
  // NIST SP 800-63B: length only, no composition rules, never truncated.
  return z
    .string({ error: 'Enter a password.' })
    .min(1, 'Enter a password.')
    .min(minLength, `Use at least ${minLength} characters. A few words together make a strong, memorable password.`)
    .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);
}

/** Same-origin path to continue to after an auth step; anything else is dropped by safeRedirect(). */
const nextPath = z.string().max(2048).optional();

export function signUpSchema(minLength = DEFAULT_PASSWORD_MIN_LENGTH) {
  const common = {
    email: emailSchema,
    acceptTerms: z.literal(true, { error: 'Accept the terms and privacy notice to create an account.' }),
    next: nextPath,
  };
  // A union on the method (not a refinement) so every field's message shows at once.
  return z.discriminatedUnion('method', [
    z.object({ ...common, method: z.literal('password'), password: passwordSchema(minLength) }),
    z.object({ ...common, method: z.literal('link'), password: z.string().optional() }),
  ]);
}
export type SignUpInput = z.input<ReturnType<typeof signUpSchema>>;

export const passwordSignInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  next: nextPath,
});
export type PasswordSignInInput = z.input<typeof passwordSignInSchema>;

export const emailOnlySchema = z.object({ email: emailSchema, next: nextPath });
export type EmailOnlyInput = z.input<typeof emailOnlySchema>;

export const emailCodeSchema = z.object({
  email: emailSchema,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code from the email.'),
  next: nextPath,
});
export type EmailCodeInput = z.input<typeof emailCodeSchema>;

export function newPasswordSchema(minLength = DEFAULT_PASSWORD_MIN_LENGTH) {
  return z.object({ token: z.string().min(1).max(200), password: passwordSchema(minLength) });
}
export type NewPasswordInput = z.input<ReturnType<typeof newPasswordSchema>>;
