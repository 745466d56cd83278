import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createSession, findActiveSession } from '@/lib/auth/sessions';
import { fileRequest } from '@/lib/dsr/staff-requests';
import { exportForStaff, runAccessExport, runErasure } from '@/lib/dsr/fulfilment';
import { registerClient } from '@/lib/oidc/clients';
import { rotateClientSecret, updateClient } from '@/lib/oidc/client-administration';
import { assignRole, removeRole } from '@/lib/rbac/assignments';
import { mayActOn } from '@/lib/rbac/hierarchy';
import { ALL_PERMISSIONS, type Permission } from '@/lib/rbac/permissions';
import { createRole, updateRole } from '@/lib/rbac/roles';
import { placeLegalHold } from '@/lib/retention/legal-hold';
import { eraseUserNow } from '@/lib/users/erasure';
import {
  reactivateCustomer,
  resendVerificationForCustomer,
  revokeCustomerSessions,
  sendPasswordResetForCustomer,
  suspendCustomer,
} from '@/lib/users/support-actions';
import type { RegisterClientInput } from '@/lib/validation/oidc';
import { asStaff, newContext, seededAdministrator, signUpCustomer } from './support/fixtures';

// Item 6 and 7 of issue 9: staff act only on people within their own permissions, and grant
// (roles, role permissions, API scopes) only what they hold themselves.

const key = (label: string) => `${label}-${Math.random().toString(36).slice(2, 8)}`;

/** A person holding `roleKey` (a built-in or custom role), with a live session and the actor the console actions pass. */
async function holderOf(roleKey: string) {
  const { user, email } = await signUpCustomer();
  const role = await db.role.findUniqueOrThrow({ where: { key: roleKey } });
  await db.userRole.create({ data: { userId: user.id, roleId: role.id } });
  const { session, token } = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
  return { user, email, token, staff: asStaff(user.id, session.id) };
}

/** A custom role with exactly these permissions, created by the seeded administrator. */
async function customRole(permissions: Permission[]) {
  const roleKey = key('custom');
  const created = await createRole({ key: roleKey, name: `Custom ${roleKey}`, permissions }, await seededAdministrator());
  if (!created.ok) throw new Error(JSON.stringify(created));
  return roleKey;
}

async function unchanged(userId: string, token: string) {
  expect(await db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ status: 'active' });
  expect(await findActiveSession(token)).not.toBeNull();
}

describe('staff hierarchy: support cannot act on people above them', () => {
  for (const targetRole of ['admin', 'compliance']) {
    it(`refuses support's suspend, sign-out, reset, verification and reactivation against ${targetRole === 'admin' ? 'an administrator' : 'a compliance officer'}, and changes nothing`, async () => {
      const { staff } = await holderOf('support');
      const target = await holderOf(targetRole);
      const before = await db.devOutboxMessage.count({ where: { to: target.email } });

      for (const result of [
        await suspendCustomer(target.user.id, 'Locking out my boss', staff),
        await revokeCustomerSessions(target.user.id, staff),
        await sendPasswordResetForCustomer(target.user.id, staff),
        await resendVerificationForCustomer(target.user.id, staff),
      ]) {
        expect(result).toMatchObject({ ok: false });
        expect(result.ok ? '' : result.formError).toMatch(/holds permissions you do not/);
      }
      await unchanged(target.user.id, target.token);
      expect(await db.devOutboxMessage.count({ where: { to: target.email } })).toBe(before);
      expect(await db.auditEvent.count({ where: { targetId: target.user.id, action: { in: ['staff.user_suspended', 'staff.sessions_revoked', 'staff.password_reset_sent', 'staff.verification_sent'] } } })).toBe(0);

      await db.user.update({ where: { id: target.user.id }, data: { status: 'suspended' } });
      expect(await reactivateCustomer(target.user.id, 'Undoing a colleague', staff)).toMatchObject({ ok: false });
      expect((await db.user.findUniqueOrThrow({ where: { id: target.user.id } })).status).toBe('suspended');
    });
  }

  it('still lets support act on customers and on fellow support agents', async () => {
    const { staff } = await holderOf('support');
    const customer = await signUpCustomer();
    const colleague = await holderOf('support');
    expect(await revokeCustomerSessions(customer.user.id, staff)).toMatchObject({ ok: true });
    expect(await suspendCustomer(colleague.user.id, 'Left the company', staff)).toMatchObject({ ok: true });
  });

  it('lets an administrator act on anyone, and names what the actor lacks', async () => {
    const admin = await holderOf('admin');
    const compliance = await holderOf('compliance');
    expect(await mayActOn(db, { type: 'staff', id: admin.user.id }, compliance.user.id)).toEqual({ ok: true });
    const refused = await mayActOn(db, { type: 'staff', id: compliance.user.id }, admin.user.id);
    expect(refused).toMatchObject({ ok: false, code: 'outranked' });
    expect(refused.ok ? '' : refused.error).toContain('rbac:manage');
  });

  it('refuses filing, exporting and erasing requests about an administrator by a compliance officer, and a legal hold on them', async () => {
    const { staff: officer } = await holderOf('compliance');
    const target = await holderOf('admin');
    const filed = await fileRequest({ email: target.email, type: 'erasure' }, officer);
    expect(filed).toMatchObject({ ok: false });
    expect(filed.ok ? '' : filed.formError).toMatch(/holds permissions you do not/);

    // Requests an administrator filed (or the person filed themselves) cannot be completed by the officer either.
    const { staff: admin } = await holderOf('admin');
    const erasure = await fileRequest({ email: target.email, type: 'erasure' }, admin);
    const access = await fileRequest({ email: target.email, type: 'access' }, admin);
    if (!erasure.ok || !access.ok) throw new Error('filing failed');
    expect(await runErasure(erasure.requestId, target.email, officer)).toMatchObject({ ok: false, formError: expect.stringMatching(/holds permissions you do not/) });
    expect(await runAccessExport(access.requestId, officer)).toMatchObject({ ok: false, formError: expect.stringMatching(/holds permissions you do not/) });
    expect(await db.user.findUniqueOrThrow({ where: { id: target.user.id } })).toMatchObject({ status: 'active', email: target.email });
    // The erasure path itself refuses too, whoever calls it.
    expect(await eraseUserNow(target.user.id, officer)).toMatchObject({ ok: false });

    // Completed by an administrator, the export still is not the officer's to download.
    expect(await runAccessExport(access.requestId, admin)).toMatchObject({ ok: true });
    expect(await exportForStaff(access.requestId, officer)).toMatchObject({ ok: false });

    expect(await placeLegalHold(target.user.id, 'Litigation', officer)).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: target.user.id } })).legalHold).toBe(false);
  });
});

describe('staff hierarchy: the last active administrator', () => {
  /** Only the seeded administrator and the ones made here hold the admin role. */
  async function onlySeededAdministrator() {
    const adminRole = await db.role.findUniqueOrThrow({ where: { key: 'admin' } });
    const seeded = await seededAdministrator();
    await db.userRole.deleteMany({ where: { roleId: adminRole.id, userId: { not: seeded.id } } });
    return seeded;
  }

  it('cannot be suspended, and a suspended administrator does not count as another one', async () => {
    const seeded = await onlySeededAdministrator();
    // Someone who holds every permission through a custom role, so the hierarchy allows them.
    const superuser = await holderOf(await customRole(ALL_PERMISSIONS));
    const second = await holderOf('admin');

    // Two active administrators: one can be suspended.
    expect(await suspendCustomer(second.user.id, 'On leave', superuser.staff)).toMatchObject({ ok: true });
    // Now the seeded one is the last active administrator; the suspended one does not protect them.
    const refused = await suspendCustomer(seeded.id, 'Oops', superuser.staff);
    expect(refused).toMatchObject({ ok: false, formError: expect.stringMatching(/last active administrator/) });
    expect(await removeRole(seeded.id, 'admin', superuser.staff)).toMatchObject({ ok: false, code: 'last_admin' });
    expect(await eraseUserNow(seeded.id, superuser.staff)).toMatchObject({ ok: false, formError: expect.stringMatching(/last active administrator/) });
    expect((await db.user.findUniqueOrThrow({ where: { id: seeded.id } })).status).toBe('active');

    // Once the second is back, either can go.
    expect(await reactivateCustomer(second.user.id, 'Back from leave', superuser.staff)).toMatchObject({ ok: true });
    expect(await removeRole(second.user.id, 'admin', superuser.staff)).toEqual({ ok: true });
  });

  it('lets at most one of two administrators suspending each other at the same moment succeed', async () => {
    const seeded = await onlySeededAdministrator();
    const x = await holderOf('admin');
    const y = await holderOf('admin');
    // The seeded administrator out of the count for this race, so x and y are the only active ones.
    await db.user.update({ where: { id: seeded.id }, data: { status: 'suspended' } });
    try {
      const results = await Promise.all([suspendCustomer(y.user.id, 'Race', x.staff), suspendCustomer(x.user.id, 'Race', y.staff)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await db.user.count({ where: { id: { in: [x.user.id, y.user.id] }, status: 'active' } })).toBe(1);
    } finally {
      await db.user.update({ where: { id: seeded.id }, data: { status: 'active' } });
    }
  });

  it('refuses an administrator suspending themself when no other is active', async () => {
    const seeded = await onlySeededAdministrator();
    const { session } = await createSession(db, { userId: seeded.id, methods: ['password'], context: newContext() });
    expect(await suspendCustomer(seeded.id, 'Testing', asStaff(seeded.id, session.id))).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: seeded.id } })).status).toBe('active');
  });
});

describe('no escalation through roles', () => {
  it('refuses to give a role that grants permissions the actor does not hold, or to touch someone above them', async () => {
    const manager = await holderOf(await customRole(['rbac:manage', 'users:read']));
    const customer = await signUpCustomer();
    for (const role of ['admin', 'support', 'compliance']) {
      expect(await assignRole(customer.user.id, role, manager.staff)).toMatchObject({ ok: false, code: 'beyond_own' });
      expect(await assignRole(manager.user.id, role, manager.staff)).toMatchObject({ ok: false, code: 'beyond_own' });
    }
    expect(await db.userRole.count({ where: { userId: { in: [customer.user.id, manager.user.id] }, role: { key: { in: ['admin', 'support', 'compliance'] } } } })).toBe(0);
    // Within their own permissions they may.
    const readOnly = await customRole(['users:read']);
    expect(await assignRole(customer.user.id, readOnly, manager.staff)).toMatchObject({ ok: true });
    // Taking a role from an administrator is acting on them.
    const admin = await holderOf('admin');
    expect(await removeRole(admin.user.id, 'admin', manager.staff)).toMatchObject({ ok: false, code: 'outranked' });
    expect(await db.userRole.count({ where: { userId: admin.user.id, role: { key: 'admin' } } })).toBe(1);
  });

  it('refuses to create or edit a role beyond the actor’s own permissions', async () => {
    const manager = await holderOf(await customRole(['rbac:manage', 'users:read']));
    expect(await createRole({ key: key('mint'), name: 'Minted', permissions: ['users:read', 'clients:manage'] }, manager.staff)).toMatchObject({ ok: false, code: 'beyond_own', field: 'permissions' });

    // Their own role cannot grow: rbac:manage alone must not add up to administrator.
    const own = (await db.userRole.findFirstOrThrow({ where: { userId: manager.user.id, role: { builtIn: false } }, include: { role: true } })).role.key;
    expect(await updateRole(own, { name: 'Grown', permissions: ALL_PERMISSIONS }, manager.staff)).toMatchObject({ ok: false, code: 'beyond_own' });
    // Nor can they reshape a role that grants what they lack (stripping an audit role from its holders).
    const auditors = await customRole(['users:read', 'audit:read', 'audit:export']);
    expect(await updateRole(auditors, { name: 'Auditors', permissions: ['users:read'] }, manager.staff)).toMatchObject({ ok: false, code: 'beyond_own' });
    expect((await db.rolePermission.count({ where: { role: { key: auditors } } }))).toBe(3);
    expect(new Set((await db.rolePermission.findMany({ where: { role: { key: own } } })).map((p) => p.permission))).toEqual(new Set(['rbac:manage', 'users:read']));

    // Within their permissions, editing works.
    const small = await customRole(['users:read']);
    expect(await updateRole(small, { name: 'Small', permissions: ['users:read', 'rbac:manage'] }, manager.staff)).toEqual({ ok: true });
  });
});

describe('no escalation through apps', () => {
  const machine = (scopes: string[]) =>
    ({ name: 'Back office job', type: 'confidential', redirectUris: [], grantTypes: ['client_credentials'], scopes }) as unknown as RegisterClientInput;

  it('gives a client only the management API scopes its registrant’s own permissions match', async () => {
    const appManager = await holderOf(await customRole(['clients:manage', 'users:read', 'audit:read']));
    const actor = appManager.staff;

    const refused = await registerClient(machine(['users:read', 'users:write']), actor);
    expect(refused).toMatchObject({ ok: false, code: 'scopes_beyond_own' });
    expect(refused.ok ? '' : refused.error).toMatch(/users:write/);
    for (const scope of ['roles:write', 'sessions:write', 'dsr:process']) {
      expect(await registerClient(machine([scope]), actor)).toMatchObject({ ok: false, code: 'scopes_beyond_own' });
    }
    expect(await db.oidcClient.count({ where: { name: 'Back office job', createdAt: { gt: new Date(Date.now() - 60_000) }, scopes: { contains: 'write' } } })).toBe(0);

    const allowed = await registerClient(machine(['users:read', 'sessions:read', 'audit:read']), actor);
    if (!allowed.ok) throw new Error(allowed.error);
    // Editing it up is refused too.
    expect(await updateClient(allowed.clientId, machine(['users:read', 'roles:write']), actor)).toMatchObject({ ok: false, code: 'scopes_beyond_own' });

    // A client an administrator registered with stronger scopes: its secret is not theirs to take.
    const admin = await seededAdministrator();
    const strong = await registerClient(machine(['users:write', 'roles:write']), admin);
    if (!strong.ok) throw new Error(strong.error);
    expect(await rotateClientSecret(strong.clientId, actor)).toMatchObject({ ok: false, code: 'scopes_beyond_own' });
    expect(await updateClient(strong.clientId, machine(['users:read']), actor)).toMatchObject({ ok: false, code: 'scopes_beyond_own' });
    expect(await rotateClientSecret(strong.clientId, admin)).toMatchObject({ ok: true });
  });
});
