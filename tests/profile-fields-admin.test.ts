import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { sealAuditEvents } from '@/lib/audit/sealer';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { createProfileField, findProfileField, listProfileFields, updateProfileField } from '@/lib/profile/field-admin';
import { dueProfileFields, saveProfileAnswers } from '@/lib/profile/progressive';
import { createProfileFieldSchema, updateProfileFieldSchema, type ProfileFieldFormInput } from '@/lib/validation/profile-fields';
import { asStaff, GOOD_PASSWORD, newContext, signUpCustomer } from './support/fixtures';

async function signInTimes(email: string, times: number) {
  for (let i = 0; i < times; i += 1) {
    const r = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    if (!r.ok) throw new Error(r.message);
  }
}

async function staffMember() {
  const { user } = await signUpCustomer();
  return asStaff(user.id);
}

const base: ProfileFieldFormInput = {
  label: 'Company',
  type: 'text',
  required: false,
  askWhen: 'never',
  askAfterSignIns: '',
  area: '',
  options: '',
  sortOrder: '50',
  active: true,
};

function errorsOf(values: unknown) {
  const parsed = updateProfileFieldSchema.safeParse(values);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
}

async function dueKeys(userId: string, trigger: Parameters<typeof dueProfileFields>[1] = { kind: 'sign_in' }) {
  return (await dueProfileFields(userId, trigger)).map((f) => f.key);
}

describe('profile fields in the console', () => {
  it('validates each way of asking with its own detail', () => {
    expect(errorsOf(base)).toEqual({});
    expect(errorsOf({ ...base, askWhen: 'after_sign_ins', askAfterSignIns: '0' })).toEqual({ askAfterSignIns: 'Enter a number of sign-ins from 1 to 1000.' });
    expect(errorsOf({ ...base, askWhen: 'after_sign_ins', askAfterSignIns: 'two' })).toHaveProperty('askAfterSignIns');
    expect(errorsOf({ ...base, askWhen: 'after_sign_ins', askAfterSignIns: '2' })).toEqual({});
    expect(errorsOf({ ...base, askWhen: 'before_area', area: 'account/orders' })).toHaveProperty('area');
    expect(errorsOf({ ...base, askWhen: 'before_area', area: 'https://evil.example/x' })).toHaveProperty('area');
    expect(errorsOf({ ...base, askWhen: 'before_area', area: '/account/orders' })).toEqual({});
    expect(errorsOf({ ...base, type: 'choice', options: 'Only one' })).toEqual({ options: 'Enter at least two options, separated by commas.' });
    expect(errorsOf({ ...base, type: 'choice', options: 'Red, Red' })).toHaveProperty('options');
    expect(errorsOf({ ...base, type: 'choice', options: 'Red, Green' })).toEqual({});
    expect(errorsOf({ ...base, type: 'colour', label: '' })).toHaveProperty('type');
    expect(createProfileFieldSchema.safeParse({ ...base, key: 'Company Name' }).success).toBe(false);
    // The key cannot be changed through an edit: the edit schema does not carry it.
    expect(updateProfileFieldSchema.parse({ ...base, key: 'renamed' })).not.toHaveProperty('key');
  });

  it('a new field asked after N sign-ins is asked from the Nth sign-in, and no longer once deactivated; all audited', async () => {
    const staff = await staffMember();
    const key = `company_${randomUUID().slice(0, 8)}`;
    const rule = { ...base, label: 'Company', askWhen: 'after_sign_ins' as const, askAfterSignIns: '2' };
    expect(await createProfileField({ ...rule, key }, staff)).toEqual({ ok: true, key });
    expect(await createProfileField({ ...rule, key }, staff)).toMatchObject({ ok: false, code: 'key_taken', field: 'key' });
    try {
      const { email, user } = await signUpCustomer();
      await signInTimes(email, 1);
      expect(await dueKeys(user.id)).not.toContain(key);
      await signInTimes(email, 1);
      expect(await dueKeys(user.id)).toEqual([key]);

      // Asked before an area instead: not at sign-in any more, but on the way in.
      expect(await updateProfileField(key, { ...rule, askWhen: 'before_area', area: '/account/orders', askAfterSignIns: '2' }, staff)).toEqual({ ok: true });
      expect(await findProfileField(key)).toMatchObject({ askWhen: 'before_area', area: '/account/orders', askAfterSignIns: null });
      expect(await dueKeys(user.id)).not.toContain(key);
      expect(await dueKeys(user.id, { kind: 'area', path: '/account/orders/42' })).toEqual([key]);

      expect(await updateProfileField(key, { ...rule, active: false }, staff)).toEqual({ ok: true });
      expect(await dueKeys(user.id)).not.toContain(key);
      expect((await listProfileFields()).find((f) => f.key === key)).toMatchObject({ active: false, askWhen: 'after_sign_ins', askAfterSignIns: 2 });
    } finally {
      // Other test files share this database: leave no active field behind.
      await db.profileField.update({ where: { key }, data: { active: false } });
    }

    await sealAuditEvents();
    const audits = await db.auditEvent.findMany({ where: { targetType: 'profile_field', targetId: key }, orderBy: { sequence: 'asc' } });
    expect(audits.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ['profile.field_created', 'staff', staff.id],
      ['profile.field_updated', 'staff', staff.id],
      ['profile.field_updated', 'staff', staff.id],
    ]);
    expect(JSON.parse(audits[1]!.metadata!)).toEqual({ field: key, required: false, askWhen: 'before_area', askAfterSignIns: null, area: '/account/orders', active: true });
  });

  it('stores a choice field with its options, and customers must pick one of them', async () => {
    const staff = await staffMember();
    const key = `plan_${randomUUID().slice(0, 8)}`;
    await createProfileField({ ...base, key, label: 'Plan', type: 'choice', options: ' Basic , Plus,Pro ', required: true, askWhen: 'sign_up' }, staff);
    try {
      const { user } = await signUpCustomer();
      const due = await dueProfileFields(user.id, { kind: 'sign_in' });
      expect(due.find((f) => f.key === key)).toEqual({ key, label: 'Plan', type: 'choice', required: true, options: ['Basic', 'Plus', 'Pro'] });
      const plan = due.filter((f) => f.key === key);
      expect(await saveProfileAnswers({ userId: user.id, fields: plan, values: { [key]: 'Gold' }, context: newContext() })).toEqual({ ok: false, fieldErrors: { [key]: 'Choose one of the options.' } });
      expect(await saveProfileAnswers({ userId: user.id, fields: plan, values: { [key]: 'Plus' }, context: newContext() })).toEqual({ ok: true });
      expect(await dueKeys(user.id)).not.toContain(key);
    } finally {
      await updateProfileField(key, { ...base, label: 'Plan', type: 'choice', options: 'Basic, Plus, Pro', active: false }, staff);
    }
    expect(await findProfileField(key)).toMatchObject({ active: false, options: 'Basic,Plus,Pro', askWhen: 'never' });
  });
});
