import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { dueProfileFields, saveProfileAnswers } from '@/lib/profile/progressive';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { GOOD_PASSWORD, newContext, signUpCustomer } from './support/fixtures';

async function signInTimes(email: string, times: number) {
  for (let i = 0; i < times; i += 1) {
    const r = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    if (!r.ok) throw new Error(r.message);
  }
}

describe('progressive profiling', () => {
  it('asks for the name at the third sign-in, not before', async () => {
    const { email, user } = await signUpCustomer();
    await signInTimes(email, 2);
    expect(await dueProfileFields(user.id, { kind: 'sign_in' })).toEqual([]);
    await signInTimes(email, 1);
    expect((await dueProfileFields(user.id, { kind: 'sign_in' })).map((f) => f.key)).toEqual(['given_name', 'family_name']);
  });

  it('saves answers, sets the display name, and rests a skipped optional field for a few sign-ins', async () => {
    const { email, user } = await signUpCustomer();
    await signInTimes(email, 3);
    const fields = await dueProfileFields(user.id, { kind: 'sign_in' });
    expect(await saveProfileAnswers({ userId: user.id, fields, values: { given_name: 'Ada', family_name: '' }, context: newContext() })).toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('Ada');
    expect(await dueProfileFields(user.id, { kind: 'sign_in' })).toEqual([]);
    await signInTimes(email, 3);
    expect((await dueProfileFields(user.id, { kind: 'sign_in' })).map((f) => f.key)).toContain('family_name');
  });

  it('requires the fields an area needs before entering it, with a clear error for bad input', async () => {
    const { user } = await signUpCustomer();
    const fields = await dueProfileFields(user.id, { kind: 'area', path: '/account/recovery' });
    expect(fields.map((f) => f.key)).toEqual(['phone']);
    expect(await saveProfileAnswers({ userId: user.id, fields, values: { phone: 'call me' }, context: newContext() })).toEqual({
      ok: false,
      fieldErrors: { phone: expect.stringMatching(/country code/) },
    });
    expect(await saveProfileAnswers({ userId: user.id, fields, values: { phone: '+44 20 7946 0958' }, context: newContext() })).toEqual({ ok: true });
    expect(await dueProfileFields(user.id, { kind: 'area', path: '/account/recovery' })).toEqual([]);
    expect(await db.auditEvent.findFirst({ where: { action: 'user.profile_updated', targetId: user.id } })).not.toBeNull();
  });
});
