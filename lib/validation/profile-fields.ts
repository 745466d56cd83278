import { z } from 'zod';
import { PROFILE_FIELD_TYPES } from './profile';

// Profile-field administration forms and their server actions (client-safe). Numbers and
// option lists stay strings here, as the form holds them; lib/profile/field-admin.ts converts.

export const ASK_WHEN = ['sign_up', 'after_sign_ins', 'before_area', 'never'] as const;
export type AskWhen = (typeof ASK_WHEN)[number];

export const ASK_WHEN_LABELS: Record<AskWhen, string> = {
  sign_up: 'At the first sign-in',
  after_sign_ins: 'After a number of sign-ins',
  before_area: 'Before entering an area',
  never: 'Never (profile page only)',
};

export const PROFILE_FIELD_TYPE_LABELS: Record<(typeof PROFILE_FIELD_TYPES)[number], string> = {
  text: 'Text',
  tel: 'Phone number',
  date: 'Date',
  postal_address: 'Postal address',
  choice: 'Choice from a list',
};

export const profileFieldKeySchema = z
  .string({ error: 'Enter a key.' })
  .trim()
  .min(1, 'Enter a key.')
  .max(40, 'A key can be at most 40 characters.')
  .regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, 'Use lowercase letters, digits and single underscores, starting with a letter, like company_name.');

/** Options as typed: comma-separated. */
export function optionsOf(raw: string) {
  return raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

const detailsShape = {
    label: z.string({ error: 'Enter a label.' }).trim().min(1, 'Enter the label people will see.').max(80, 'A label can be at most 80 characters.'),
    type: z.enum(PROFILE_FIELD_TYPES, { error: 'Choose a type.' }),
    required: z.boolean(),
    askWhen: z.enum(ASK_WHEN, { error: 'Choose when to ask.' }),
    askAfterSignIns: z.string().trim(),
    area: z.string().trim(),
    options: z.string().trim().max(500, 'Options can be at most 500 characters.'),
    sortOrder: z.string().trim().regex(/^\d{1,4}$/, 'Enter a position from 0 to 9999.'),
    active: z.boolean(),
};

type Details = { [K in keyof typeof detailsShape]: z.output<(typeof detailsShape)[K]> };

/** The rules that tie the fields together: each way of asking needs its own detail. */
function checkDetails(v: Details, ctx: z.RefinementCtx) {
    if (v.askWhen === 'after_sign_ins') {
      const n = Number(v.askAfterSignIns);
      if (!/^\d+$/.test(v.askAfterSignIns) || n < 1 || n > 1000) {
        ctx.addIssue({ code: 'custom', path: ['askAfterSignIns'], message: 'Enter a number of sign-ins from 1 to 1000.' });
      }
    }
    if (v.askWhen === 'before_area' && !/^(\/[A-Za-z0-9_-]+)+$/.test(v.area)) {
      ctx.addIssue({ code: 'custom', path: ['area'], message: 'Enter the path of the area, starting with /, like /account/recovery.' });
    }
    if (v.type === 'choice') {
      const options = optionsOf(v.options);
      if (options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Enter at least two options, separated by commas.' });
      else if (new Set(options).size !== options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Each option can appear only once.' });
    }
}

export const updateProfileFieldSchema = z.object(detailsShape).superRefine(checkDetails);
export type ProfileFieldFormInput = z.input<typeof updateProfileFieldSchema>;

export const createProfileFieldSchema = z.object({ key: profileFieldKeySchema, ...detailsShape }).superRefine(checkDetails);
export type CreateProfileFieldInput = z.input<typeof createProfileFieldSchema>;
