import { z } from 'zod';

// Client-safe: builds the same value schemas in the browser form and on the server.

export const PROFILE_FIELD_TYPES = ['text', 'tel', 'date', 'postal_address', 'choice'] as const;
export type ProfileFieldType = (typeof PROFILE_FIELD_TYPES)[number];

export type ProfileFieldDefinition = {
  key: string;
  label: string;
  type: ProfileFieldType;
  required: boolean;
  options?: string[];
};

const noControlChars = (v: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v);

function valueSchema(field: ProfileFieldDefinition) {
  const required = `Enter your ${field.label.toLowerCase()}.`;
  switch (field.type) {
    case 'text':
      return z.string().trim().min(1, required).max(100, `${field.label} can be at most 100 characters.`).refine(noControlChars, 'Remove the invisible control characters.');
    case 'tel':
      return z
        .string()
        .trim()
        .min(1, required)
        .regex(/^\+?[0-9][0-9 ()-]{5,19}$/, 'Enter a phone number with its country code, like +44 20 7946 0958.')
        .refine((v) => v.replace(/\D/g, '').length >= 7, 'That phone number is too short.');
    case 'date':
      return z
        .string()
        .trim()
        .min(1, required)
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 1990-04-23.')
        .refine((v) => !Number.isNaN(Date.parse(v)) && Date.parse(v) < Date.now(), 'Enter a date in the past.')
        .refine((v) => Date.parse(v) > Date.parse('1900-01-01'), 'Enter a date after 1900.');
    case 'postal_address':
      return z.string().trim().min(1, required).max(300, 'An address can be at most 300 characters.').refine(noControlChars, 'Remove the invisible control characters.');
    case 'choice':
      return z.string().trim().min(1, `Choose your ${field.label.toLowerCase()}.`).refine((v) => (field.options ?? []).includes(v), 'Choose one of the options.');
  }
}

/** One schema for a set of fields: required ones must be filled; optional ones may be left empty (skipped). */
export function profileFormSchema(fields: ProfileFieldDefinition[]) {
  const shape: Record<string, z.ZodType<string | undefined>> = {};
  for (const field of fields) {
    const schema = valueSchema(field);
    shape[field.key] = field.required
      ? schema
      : z.union([z.literal('').transform(() => undefined), schema]).optional();
  }
  return z.object(shape);
}

/** Why profile questions are asked now: at sign-in, or before an area of the account (DueTrigger). */
export const dueTriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sign_in') }),
  z.object({ kind: z.literal('area'), path: z.string().startsWith('/').max(200) }),
]);
