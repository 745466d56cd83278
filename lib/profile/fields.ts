import type { ProfileFieldType } from '@/lib/validation/profile';
import type { AskWhen } from '@/lib/validation/profile-fields';

export type { AskWhen };

/**
 * The profile fields Gatehouse starts with and when to ask for each: the minimum
 * at sign-up, the rest when it is needed. Seeded into ProfileField, where the
 * admin console manages them.
 */
export const DEFAULT_PROFILE_FIELDS: {
  key: string;
  label: string;
  type: ProfileFieldType;
  required: boolean;
  askWhen: AskWhen;
  askAfterSignIns?: number;
  area?: string;
  options?: string[];
}[] = [
  { key: 'given_name', label: 'First name', type: 'text', required: true, askWhen: 'after_sign_ins', askAfterSignIns: 3 },
  { key: 'family_name', label: 'Last name', type: 'text', required: false, askWhen: 'after_sign_ins', askAfterSignIns: 3 },
  { key: 'phone', label: 'Phone number', type: 'tel', required: true, askWhen: 'before_area', area: '/account/recovery' },
  { key: 'birthdate', label: 'Date of birth', type: 'date', required: false, askWhen: 'after_sign_ins', askAfterSignIns: 6 },
  { key: 'postal_address', label: 'Postal address', type: 'postal_address', required: false, askWhen: 'never' },
  {
    key: 'communication_preference',
    label: 'Preferred way to contact you',
    type: 'choice',
    required: false,
    askWhen: 'after_sign_ins',
    askAfterSignIns: 6,
    options: ['Email', 'Phone', 'Post'],
  },
];

/** An optional field that was skipped is asked again this many sign-ins later. */
export const ASK_AGAIN_AFTER_SIGN_INS = 3;
