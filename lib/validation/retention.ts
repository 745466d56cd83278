import { z } from 'zod';
import { CATEGORY_DESCRIPTIONS, RETENTION_ACTIONS, RETENTION_CATEGORIES } from '@/lib/retention/catalogue';

// Retention policy and legal-hold forms and their server actions. Safe client-side: plain data only.

export const retentionCategorySchema = z.enum(RETENTION_CATEGORIES, { error: 'This policy does not exist.' });

export const retentionPolicySchema = z
  .object({
    category: retentionCategorySchema,
    keepDays: z.coerce
      .number({ error: 'Enter a number of days.' })
      .int('Enter a whole number of days.')
      .min(0, 'Enter 0 days or more.')
      .max(36_500, 'Keep for at most 36500 days (100 years).'),
    action: z.enum(RETENTION_ACTIONS, { error: 'Choose what happens to old records.' }),
    enabled: z.boolean(),
  })
  .refine((p) => CATEGORY_DESCRIPTIONS[p.category].actions.includes(p.action), {
    path: ['action'],
    message: 'This action does not apply to this kind of record.',
  });
export type RetentionPolicyInput = z.input<typeof retentionPolicySchema>;

export const legalHoldSchema = z.object({
  reason: z.string().trim().min(3, 'Say why the hold is needed (at least 3 characters).').max(500, 'Keep the reason under 500 characters.'),
});
export type LegalHoldInput = z.infer<typeof legalHoldSchema>;
