import { z } from 'zod';

// Shared by the passkey forms and their server actions. Safe to import client-side.

export const PASSKEY_NAME_MAX_LENGTH = 64;

export const passkeyNameSchema = z
  .string({ error: 'Enter a name for this passkey.' })
  .trim()
  .min(1, 'Enter a name for this passkey.')
  .max(PASSKEY_NAME_MAX_LENGTH, `Use at most ${PASSKEY_NAME_MAX_LENGTH} characters.`);

export const renamePasskeySchema = z.object({ passkeyId: z.string().min(1).max(64), name: passkeyNameSchema });
export type RenamePasskeyInput = z.input<typeof renamePasskeySchema>;

export const removePasskeySchema = z.object({ passkeyId: z.string().min(1).max(64) });
export type RemovePasskeyInput = z.input<typeof removePasskeySchema>;

// The browser's answer to a ceremony, as @simplewebauthn/browser serialises it. Only its
// shape is checked here; the signature and everything inside is checked by the server library.
const base64url = z.string().max(16_384).regex(/^[A-Za-z0-9_-]*$/, 'Not base64url');
const responseCommon = {
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal('public-key'),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};

export const registrationResponseSchema = z.object({
  ...responseCommon,
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    transports: z.array(z.string().max(32)).max(16).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
});

export const authenticationResponseSchema = z.object({
  ...responseCommon,
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
});

/** The sign-in action's input; the response itself is checked (and a bad one audited) by the sign-in. */
export const passkeySignInSchema = z.object({ response: z.unknown(), next: z.string().max(2048).optional() });
