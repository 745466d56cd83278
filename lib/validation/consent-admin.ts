import { z } from 'zod';

// Consent administration forms and their server actions (client-safe).

export const CONSENT_KINDS = ['document', 'purpose'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const consentPurposeKeySchema = z
  .string({ error: 'Enter a key.' })
  .trim()
  .min(1, 'Enter a key.')
  .max(64, 'A key can be at most 64 characters.')
  .regex(/^[a-z0-9]+(_[a-z0-9]+)*$/, 'Use lowercase letters, digits and single underscores, like newsletter_sms.');

const name = z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(80, 'A name can be at most 80 characters.');

export const consentVersionSchema = z.object({
  title: z.string({ error: 'Enter a title.' }).trim().min(1, 'Enter a title.').max(120, 'A title can be at most 120 characters.'),
  text: z.string({ error: 'Enter the text.' }).trim().min(1, 'Enter the text people will read.').max(20_000, 'The text can be at most 20,000 characters.'),
});
export type ConsentVersionInput = z.input<typeof consentVersionSchema>;

// GDPR art. 7(4): consent to a purpose must be freely given, so only documents
// (terms, privacy notice) can be a condition of having an account.
const ONLY_DOCUMENTS_REQUIRED = 'Only a document can be required: consent to a purpose must stay optional.';

export const createConsentPurposeSchema = z
  .object({
    key: consentPurposeKeySchema,
    name,
    kind: z.enum(CONSENT_KINDS, { error: 'Choose whether this is a document or a purpose.' }),
    required: z.boolean(),
    ...consentVersionSchema.shape,
  })
  .refine((v) => !(v.kind === 'purpose' && v.required), { path: ['required'], message: ONLY_DOCUMENTS_REQUIRED });
export type CreateConsentPurposeInput = z.input<typeof createConsentPurposeSchema>;

export const updateConsentPurposeSchema = z.object({ name, required: z.boolean(), active: z.boolean() });
export type UpdateConsentPurposeInput = z.input<typeof updateConsentPurposeSchema>;

export { ONLY_DOCUMENTS_REQUIRED };
