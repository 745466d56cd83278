import { z } from 'zod';

// Schemas for consent choices, shared by the privacy page, the re-consent page and their actions.

const purposeKey = z.string().trim().min(1).max(64).regex(/^[a-z0-9_]+$/, 'Unknown choice.');

export const changeConsentSchema = z.object({
  purpose: purposeKey,
  granted: z.enum(['true', 'false']).transform((v) => v === 'true'),
});
export type ChangeConsentInput = z.input<typeof changeConsentSchema>;

export const acceptDocumentsSchema = z.object({
  versionIds: z.array(z.string().min(1).max(64)).min(1, 'Nothing to accept.').max(20),
  next: z.string().max(2048).optional(),
});
export type AcceptDocumentsInput = z.input<typeof acceptDocumentsSchema>;
