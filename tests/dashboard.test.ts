import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { activityPerDay, adoptionPerDay, dashboardWindow } from '@/lib/dashboard/metrics';

// A week in 2001, long before anything else in the shared test database happened: only this file's rows fall in it.
const today = new Date('1990-03-10T15:00:00.000Z');
const at = (iso: string) => new Date(`1990-${iso}Z`);
const tag = randomUUID().slice(0, 8);
const eventIds: string[] = [];
const userIds: string[] = [];
const roleIds: string[] = [];

async function event(action: string, when: string, result: 'success' | 'failure' = 'success') {
  // Written outside the hash chain (sequence null), as events from before the chain are: the chain is not what is under test.
  const row = await db.auditEvent.create({ data: { action, result, actorType: 'user', occurredAt: at(when) } });
  eventIds.push(row.id);
}

async function user(label: string, created: string, options: { status?: string; role?: string } = {}) {
  const row = await db.user.create({ data: { email: `${label}-${tag}@dashboard.test`, createdAt: at(created), status: options.status ?? 'active' } });
  userIds.push(row.id);
  if (options.role) {
    const role = await db.role.findUniqueOrThrow({ where: { key: options.role } });
    await db.userRole.create({ data: { userId: row.id, roleId: role.id } });
  }
  return row.id;
}

async function passkey(userId: string, created: string) {
  await db.passkey.create({
    data: { userId, credentialId: randomUUID(), publicKey: new Uint8Array([1, 2, 3]), deviceType: 'multiDevice', name: 'Key', createdAt: at(created) },
  });
}

async function mfaFactor(userId: string, created: string, confirmed: string | null) {
  await db.mfaFactor.create({ data: { userId, type: 'totp', secretEncrypted: 'x', createdAt: at(created), confirmedAt: confirmed ? at(confirmed) : null } });
}

describe('dashboard metrics', () => {
  beforeAll(async () => {
    await event('user.sign_up', '03-04T00:00:00.000'); // the first instant of the window
    await event('user.sign_up', '03-04T23:59:59.999');
    await event('user.sign_up', '03-04T10:00:00.000', 'failure'); // an address already taken: no new account
    for (let i = 0; i < 3; i += 1) await event('user.sign_in', `03-10T0${i}:30:00.000`);
    await event('user.sign_in_failed', '03-09T08:00:00.000', 'failure');
    await event('user.sign_in_failed', '03-09T08:01:00.000', 'failure');
    await event('user.locked_out', '03-09T08:01:00.000');
    await event('user.sign_in', '03-03T23:59:59.999'); // the day before the window
    await event('user.sign_in', '03-11T00:00:00.000'); // the day after it
    await event('user.sign_out', '03-10T12:00:00.000'); // not an action the dashboard counts

    const early = await user('early', '02-01T09:00:00.000', { role: 'customer' });
    // A role without permissions (an app's label, like "premium") still leaves a customer a customer.
    const label = await db.role.create({ data: { key: `premium-${Date.now()}`, name: 'Premium', builtIn: false } });
    roleIds.push(label.id);
    const middle = await user('middle', '03-05T09:00:00.000', { role: label.key });
    const late = await user('late', '03-07T09:00:00.000', { role: 'customer' });
    const agent = await user('agent', '02-01T09:00:00.000', { role: 'support' });
    const suspended = await user('suspended', '02-01T09:00:00.000', { status: 'suspended' });
    await passkey(early, '03-06T10:00:00.000');
    await passkey(early, '03-08T10:00:00.000'); // a second passkey does not count twice
    await passkey(late, '03-07T10:00:00.000');
    await passkey(agent, '03-04T10:00:00.000'); // staff are not customers
    await passkey(suspended, '03-04T10:00:00.000'); // nor are suspended accounts
    await mfaFactor(middle, '03-09T10:00:00.000', '03-09T10:01:00.000');
    await mfaFactor(early, '03-05T10:00:00.000', null); // set up but never confirmed
  });

  afterAll(async () => {
    await db.auditEvent.deleteMany({ where: { id: { in: eventIds } } });
    await db.user.deleteMany({ where: { id: { in: userIds } } });
    await db.role.deleteMany({ where: { id: { in: roleIds } } });
  });

  it('covers the last N UTC days, today included', () => {
    expect(dashboardWindow(7, today).days).toEqual(['1990-03-04', '1990-03-05', '1990-03-06', '1990-03-07', '1990-03-08', '1990-03-09', '1990-03-10']);
    expect(dashboardWindow(30, today).days).toHaveLength(30);
  });

  it('counts sign-ups, sign-ins, failed sign-ins and lockouts per day', async () => {
    const { perDay, totals } = await activityPerDay(7, today);
    const column = (key: 'signUps' | 'signIns' | 'failedSignIns' | 'lockouts') => perDay.map((d) => d[key]);
    expect(column('signUps')).toEqual([2, 0, 0, 0, 0, 0, 0]);
    expect(column('signIns')).toEqual([0, 0, 0, 0, 0, 0, 3]);
    expect(column('failedSignIns')).toEqual([0, 0, 0, 0, 0, 2, 0]);
    expect(column('lockouts')).toEqual([0, 0, 0, 0, 0, 1, 0]);
    expect(totals).toEqual({ signUps: 2, signIns: 3, failedSignIns: 2, lockouts: 1 });
  });

  it('includes the day after the window once it is today', async () => {
    const { perDay } = await activityPerDay(7, new Date('1990-03-11T00:00:00.000Z'));
    expect(perDay.at(-1)).toEqual({ day: '1990-03-11', signUps: 0, signIns: 1, failedSignIns: 0, lockouts: 0 });
    expect(perDay[0]!.day).toBe('1990-03-05');
  });

  it('reports the share of active customers with a passkey and with MFA, day by day', async () => {
    const { perDay, latest } = await adoptionPerDay(7, today);
    expect(perDay.map((d) => d.customers)).toEqual([1, 2, 2, 3, 3, 3, 3]);
    expect(perDay.map((d) => d.withPasskey)).toEqual([0, 0, 1, 2, 2, 2, 2]);
    expect(perDay.map((d) => d.withMfa)).toEqual([0, 0, 0, 0, 0, 1, 1]);
    expect(perDay.map((d) => d.passkeyShare)).toEqual([0, 0, 50, 66.7, 66.7, 66.7, 66.7]);
    expect(perDay.map((d) => d.mfaShare)).toEqual([0, 0, 0, 0, 0, 33.3, 33.3]);
    expect(latest).toMatchObject({ day: '1990-03-10', customers: 3, withPasskey: 2, withMfa: 1 });
  });
});
