import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { accountActivity } from '@/lib/audit/activity';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { createSession, findActiveSession } from '@/lib/auth/sessions';
import { permissionsOf } from '@/lib/rbac/permissions-of';
import { BUILT_IN_ROLES } from '@/lib/rbac/permissions';
import { viewCustomerAsStaff } from '@/lib/users/staff-profile';
import {
  reactivateCustomer,
  resendVerificationForCustomer,
  revokeCustomerSessions,
  sendPasswordResetForCustomer,
  suspendCustomer,
} from '@/lib/users/support-actions';
import { asStaff, GOOD_PASSWORD, lastEmailTo, newContext, signUpCustomer, tokenFrom } from './support/fixtures';

async function staffMember(roleKey: string) {
  const { user } = await signUpCustomer();
  const role = await db.role.findUniqueOrThrow({ where: { key: roleKey } });
  // Sign-up already made them a customer.
  if (roleKey !== 'customer') await db.userRole.create({ data: { userId: user.id, roleId: role.id } });
  const { session } = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
  return { user, staff: asStaff(user.id, session.id) };
}

describe('support agent viewing a customer', () => {
  it('shows the profile without secrets and audits the view for the customer to see', async () => {
    const { staff } = await staffMember('support');
    const { user } = await signUpCustomer();
    await createSession(db, { userId: user.id, methods: ['password'], context: { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15' } });
    const view = await viewCustomerAsStaff(user.id, staff);
    if (!view) throw new Error('not found');
    expect(view.account.email).toBe(user.email);
    expect(view.signIn).toMatchObject({ password: true, passkeys: 0, mfa: false });
    expect(view.sessions[0]?.device).toBe('Safari 17 on Mac OS 10.15.7');
    expect(view.consent.length).toBeGreaterThan(0);
    const text = JSON.stringify(view);
    const hash = (await db.passwordCredential.findUniqueOrThrow({ where: { userId: user.id } })).hash;
    expect(text).not.toContain(hash);
    expect(text).not.toMatch(/sessionToken|secretEncrypted|"hash"/);

    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'staff.profile_viewed', targetId: user.id } });
    expect(event).toMatchObject({ actorType: 'staff', actorId: staff.id, targetType: 'user', sessionId: staff.sessionId });
    const activity = await accountActivity(user.id);
    expect(activity.events[0]).toMatchObject({ description: 'A member of our staff opened your account', byStaff: true });
    // The staff member's own network details stay in the audit log, not in the customer's view.
    expect(event.ipAddress).not.toBeNull();
    expect(activity.events[0]).toMatchObject({ ipAddress: null, userAgent: null });
  });

  it('answers null for an unknown id and audits nothing', async () => {
    const { staff } = await staffMember('support');
    expect(await viewCustomerAsStaff('nobody-here', staff)).toBeNull();
    expect(await db.auditEvent.count({ where: { action: 'staff.profile_viewed', targetId: 'nobody-here' } })).toBe(0);
  });
});

describe('support actions', () => {
  it('suspending ends every session and refuses sign-in; reactivating lets them back in', async () => {
    const { staff } = await staffMember('support');
    const { user, email } = await signUpCustomer();
    const { token } = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });

    expect(await suspendCustomer(user.id, 'Reported fraud', staff)).toMatchObject({ ok: true });
    expect(await findActiveSession(token)).toBeNull();
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ status: 'suspended', statusReason: 'Reported fraud' });
    expect(await db.auditEvent.findFirst({ where: { action: 'staff.user_suspended', targetId: user.id } })).toMatchObject({ actorType: 'staff', actorId: staff.id, personalText: JSON.stringify({ reason: 'Reported fraud' }) });
    const refused = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    expect(refused.ok && refused.outcome?.kind === 'signed_in').toBe(false);
    expect(await suspendCustomer(user.id, 'Again', staff)).toMatchObject({ ok: false });

    expect(await reactivateCustomer(user.id, 'Cleared by fraud team', staff)).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ status: 'active', statusReason: null });
    expect(await db.auditEvent.findFirst({ where: { action: 'staff.user_reactivated', targetId: user.id } })).toMatchObject({ actorType: 'staff', personalText: JSON.stringify({ reason: 'Cleared by fraud team' }) });
    const back = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    expect(back.ok).toBe(true);
    expect(await reactivateCustomer(user.id, 'Twice', staff)).toMatchObject({ ok: false });
  });

  it('revokes all sessions, and the customer sees that staff did it', async () => {
    const { staff } = await staffMember('support');
    const { user } = await signUpCustomer();
    const a = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
    const b = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
    expect(await revokeCustomerSessions(user.id, staff)).toEqual({ ok: true, message: '2 sessions were ended.' });
    expect(await findActiveSession(a.token)).toBeNull();
    expect(await findActiveSession(b.token)).toBeNull();
    const activity = await accountActivity(user.id);
    expect(activity.events[0]).toMatchObject({ description: 'A member of our staff signed you out on every device', byStaff: true });
  });

  it('sends a password reset link that works, audited as staff', async () => {
    const { staff } = await staffMember('support');
    const { user, email } = await signUpCustomer();
    expect(await sendPasswordResetForCustomer(user.id, staff)).toMatchObject({ ok: true });
    const message = await lastEmailTo(email);
    expect(message?.template).toBe('password_reset');
    expect(tokenFrom(message!.text)).toBeTruthy();
    expect(await db.auditEvent.findFirst({ where: { action: 'staff.password_reset_sent', targetId: user.id } })).toMatchObject({ actorType: 'staff', actorId: staff.id });
  });

  it('resends the confirmation email only while the address is unconfirmed', async () => {
    const { staff } = await staffMember('support');
    const { user, email } = await signUpCustomer();
    expect(await resendVerificationForCustomer(user.id, staff)).toMatchObject({ ok: true });
    expect((await lastEmailTo(email))?.template).toBe('verify_email');
    expect(await db.auditEvent.findFirst({ where: { action: 'staff.verification_sent', targetId: user.id } })).toMatchObject({ actorType: 'staff' });
    await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    expect(await resendVerificationForCustomer(user.id, staff)).toMatchObject({ ok: false });
  });
});

describe('who may do what', () => {
  it('gives each built-in role exactly the permissions the actions check', async () => {
    for (const [key, role] of Object.entries(BUILT_IN_ROLES)) {
      const { user } = await staffMember(key);
      // Everyone signed up also holds the customer role, which grants nothing.
      expect([...(await permissionsOf(user.id))].sort()).toEqual([...role.permissions].sort());
    }
    const { user: support } = await staffMember('support');
    const held = await permissionsOf(support.id);
    for (const p of ['users:read', 'users:write', 'sessions:revoke', 'users:suspend'] as const) expect(held.has(p)).toBe(true);
    const { user: compliance } = await staffMember('compliance');
    const officer = await permissionsOf(compliance.id);
    expect(officer.has('users:read')).toBe(true);
    for (const p of ['users:write', 'sessions:revoke', 'users:suspend'] as const) expect(officer.has(p)).toBe(false);
    const { user: customer } = await signUpCustomer();
    expect((await permissionsOf(customer.id)).size).toBe(0);
  });
});
