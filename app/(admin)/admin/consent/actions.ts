'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { adminAction, refusalFrom } from '@/lib/rbac/admin-action';
import { createConsentPurpose, updateConsentPurpose } from '@/lib/consent/manage';
import { describePublished, publishConsentVersion } from '@/lib/consent/publish';
import { consentPurposeKeySchema, consentVersionSchema, createConsentPurposeSchema, updateConsentPurposeSchema } from '@/lib/validation/consent-admin';

const LIST = '/admin/consent';
const GONE = 'This purpose or document no longer exists.';
const purpose = { page: ([key]: readonly [string, ...unknown[]]) => `${LIST}/${key}`, gone: GONE };

export const createConsentPurposeAction = adminAction(
  'consent:manage',
  z.tuple([createConsentPurposeSchema]),
  async ([input], staff) => {
    const result = await createConsentPurpose(input, staff);
    if (!result.ok) return refusalFrom(result);
    revalidatePath(LIST);
    redirect(`${LIST}/${result.key}`);
  },
  { page: LIST },
);

export const updateConsentPurposeAction = adminAction(
  'consent:manage',
  z.tuple([consentPurposeKeySchema, updateConsentPurposeSchema]),
  async ([key, input], staff) => {
    const result = await updateConsentPurpose(key, input, staff);
    if (!result.ok) return refusalFrom(result);
    revalidatePath(LIST, 'layout');
    const asked = result.asksAgain ? ' Customers who have not accepted its current version will be asked at their next sign-in.' : '';
    return { ok: true as const, message: `Saved.${asked}` };
  },
  purpose,
);

export const publishConsentVersionAction = adminAction(
  'consent:manage',
  z.tuple([consentPurposeKeySchema, consentVersionSchema]),
  async ([key, content], staff) => {
    const result = await publishConsentVersion(key, content, staff);
    if (!result.ok) return result.error === 'unknown_purpose' ? { ok: false as const, formError: GONE } : { ok: false as const, formError: result.message };
    revalidatePath(LIST, 'layout');
    return { ok: true as const, message: describePublished(result) };
  },
  purpose,
);
