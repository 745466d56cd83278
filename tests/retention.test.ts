import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { sealAuditEvents } from '@/lib/audit/sealer';
import { systemActor } from '@/lib/audit/actor';
import { recordAudit } from '@/lib/audit/record';
import { verifyAuditChain } from '@/lib/audit/chain';
import { acquireLease, releaseLease } from '@/lib/jobs/lease';
import { dryRunPolicy, runPolicyNow, runRetention, RETENTION_LEASE } from '@/lib/retention/run';
import { runScheduledRetention, RETENTION_SCHEDULE_LEASE } from '@/lib/retention/scheduler';
import { placeLegalHold, releaseLegalHold } from '@/lib/retention/legal-hold';
import { RETENTION_CATEGORIES, type RetentionCategory } from '@/lib/retention/catalogue';
import { listRetentionPolicies, updateRetentionPolicy } from '@/lib/retention/policies';
import { eraseUser, eraseUserNow, runDueErasures } from '@/lib/users/erasure';
import { asStaff, newContext, signUpCustomer, uniqueEmail } from './support/fixtures';

// Rows are dated around a "now" in the year 2000, so the rows other test files write
// (dated today) are all newer than every cutoff here and the counts can be exact.
const NOW = new Date('2000-06-01T00:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const KEEP_DAYS = 30;
const OLD = new Date(NOW.getTime() - 60 * DAY);
const RECENT = new Date(NOW.getTime() - 10 * DAY);
const options = { trigger: 'cli' as const, now: NOW };

async function policy(category: RetentionCategory, keepDays = KEEP_DAYS, enabled = true) {
  const action = category === 'inactive_accounts' ? 'anonymise' : 'delete';
  return db.retentionPolicy.update({ where: { category }, data: { keepDays, action, enabled } });
}

async function heldCustomer() {
  const { user, email } = await signUpCustomer();
  await db.user.update({ where: { id: user.id }, data: { legalHold: true, legalHoldReason: 'litigation' } });
  return { user, email };
}

async function sessionOf(userId: string, expires: Date) {
  return db.session.create({ data: { sessionToken: randomUUID(), userId, expires, absoluteExpiresAt: expires, authMethods: 'password' } });
}

async function staffMember() {
  const { user } = await signUpCustomer();
  const support = await db.role.findUniqueOrThrow({ where: { key: 'support' } });
  await db.userRole.create({ data: { userId: user.id, roleId: support.id } });
  return asStaff(user.id, 'test-session');
}

beforeAll(async () => {
  await db.retentionPolicy.updateMany({ data: { enabled: false } });
});

describe('retention categories', () => {
  it('expired sessions: deletes those expired more than N days ago, keeps newer ones and held people’s', async () => {
    const { user } = await signUpCustomer();
    const held = await heldCustomer();
    const old = await sessionOf(user.id, OLD);
    const recent = await sessionOf(user.id, RECENT);
    const heldOld = await sessionOf(held.user.id, OLD);
    const { id } = await policy('expired_sessions');

    const dry = await dryRunPolicy(id, options);
    expect(dry).toMatchObject({ ok: true, affected: 1, message: '1 session would be deleted.' });
    expect(await db.session.count({ where: { id: { in: [old.id, recent.id, heldOld.id] } } })).toBe(3);

    const run = await runPolicyNow(id, options);
    expect(run).toMatchObject({ ok: true, affected: 1 });
    expect(await db.session.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db.session.findUnique({ where: { id: recent.id } })).not.toBeNull();
    expect(await db.session.findUnique({ where: { id: heldOld.id } })).not.toBeNull();
    const recorded = await db.retentionRun.findUniqueOrThrow({ where: { id: run.ok ? run.runId : '' } });
    expect(recorded).toMatchObject({ dryRun: false, status: 'completed', trigger: 'cli', affected: 1 });
    expect(JSON.parse(recorded.details!)).toMatchObject({ Session: 1, skippedLegalHold: 1, batches: 1 });
  });

  it('verification tokens: deletes those expired more than N days ago, nothing newer, nothing of a held person', async () => {
    const { user, email } = await signUpCustomer();
    const held = await heldCustomer();
    const token = (identifier: string, expires: Date, userId: string | null) => db.verificationToken.create({ data: { identifier, token: randomUUID(), expires, userId, purpose: 'magic_link' } });
    const old = await token(email, OLD, user.id);
    const orphanOld = await token(uniqueEmail('nobody'), OLD, null);
    const recent = await token(email, RECENT, user.id);
    const heldOld = await token(held.email, OLD, null);
    const { id } = await policy('verification_tokens');

    expect(await dryRunPolicy(id, options)).toMatchObject({ ok: true, affected: 2 });
    expect(await runPolicyNow(id, options)).toMatchObject({ ok: true, affected: 2, message: '2 tokens were deleted.' });
    const left = await db.verificationToken.findMany({ where: { id: { in: [old.id, orphanOld.id, recent.id, heldOld.id] } } });
    expect(left.map((t) => t.id).sort()).toEqual([recent.id, heldOld.id].sort());
  });

  it('dev outbox: deletes old messages in batches, keeps newer ones and held people’s', async () => {
    const held = await heldCustomer();
    const message = (to: string, createdAt: Date) => db.devOutboxMessage.create({ data: { to, subject: 's', text: 't', html: 'h', template: 'test', createdAt } });
    const oldOnes = await Promise.all(Array.from({ length: 7 }, () => message(uniqueEmail('outbox'), OLD)));
    const recent = await message(uniqueEmail('outbox'), RECENT);
    const heldOld = await message(held.email, OLD);
    const { id } = await policy('dev_outbox');

    expect(await dryRunPolicy(id, options)).toMatchObject({ ok: true, affected: 7, message: '7 messages would be deleted.' });
    expect(await db.devOutboxMessage.count({ where: { id: { in: oldOnes.map((m) => m.id) } } })).toBe(7);

    const run = await runPolicyNow(id, { ...options, batchSize: 3 });
    expect(run).toMatchObject({ ok: true, affected: 7 });
    const details = JSON.parse((await db.retentionRun.findUniqueOrThrow({ where: { id: run.ok ? run.runId : '' } })).details!);
    expect(details).toMatchObject({ DevOutboxMessage: 7, batches: 3, skippedLegalHold: 1 });
    expect(await db.devOutboxMessage.count({ where: { id: { in: oldOnes.map((m) => m.id) } } })).toBe(0);
    expect(await db.devOutboxMessage.count({ where: { id: { in: [recent.id, heldOld.id] } } })).toBe(2);
  });

  it('finished background jobs: deletes old sent and given-up jobs, never one still waiting or running', async () => {
    // A kind no runner knows, so the suite's job runs leave these alone.
    const job = (status: string, createdAt: Date, finishedAt: Date | null) =>
      db.job.create({ data: { id: randomUUID(), name: 'test.retention', status, createdAt, finishedAt, payload: finishedAt ? null : 'sealed' } });
    const sent = await job('succeeded', OLD, OLD);
    const gaveUp = await job('failed', OLD, OLD);
    const waiting = await job('pending', OLD, null);
    const running = await job('running', OLD, null);
    const recent = await job('succeeded', OLD, RECENT);
    const { id } = await policy('finished_jobs');

    expect(await dryRunPolicy(id, options)).toMatchObject({ ok: true, affected: 2, message: '2 jobs would be deleted.' });
    const run = await runPolicyNow(id, { ...options, batchSize: 1 });
    expect(run).toMatchObject({ ok: true, affected: 2 });
    expect(JSON.parse((await db.retentionRun.findUniqueOrThrow({ where: { id: run.ok ? run.runId : '' } })).details!)).toMatchObject({ Job: 2, keptUnfinished: 2, batches: 2 });
    const left = await db.job.findMany({ where: { id: { in: [sent, gaveUp, waiting, running, recent].map((j) => j.id) } }, select: { id: true } });
    expect(left.map((j) => j.id).sort()).toEqual([waiting.id, running.id, recent.id].sort());
    await db.job.deleteMany({ where: { name: 'test.retention' } });
  });

  it('webhook delivery log: deletes old events whose deliveries are all settled, never one still owed', async () => {
    const endpoint = await db.webhookEndpoint.create({ data: { url: 'https://receiver.example/hooks', eventTypes: 'user.created', secretEncrypted: 'not-used', enabled: false } });
    const event = async (createdAt: Date, statuses: string[]) => {
      const created = await db.webhookEvent.create({ data: { type: 'user.created', payload: '{}', createdAt } });
      for (const status of statuses) {
        const delivery = await db.webhookDelivery.create({ data: { eventId: created.id, endpointId: endpoint.id, status, attempts: 2, createdAt } });
        await db.webhookAttempt.createMany({ data: [500, 200].map((statusCode) => ({ deliveryId: delivery.id, statusCode, durationMs: 10, attemptedAt: createdAt })) });
      }
      return created.id;
    };
    const settled = await event(OLD, ['succeeded', 'failed']);
    const undelivered = await event(OLD, []);
    const partlyPending = await event(OLD, ['succeeded', 'pending']);
    const delivering = await event(OLD, ['delivering']);
    const recent = await event(RECENT, ['succeeded']);
    const { id } = await policy('webhook_deliveries');

    const dry = await dryRunPolicy(id, options);
    expect(dry).toMatchObject({ ok: true, affected: 2, message: '2 webhook events would be deleted.' });
    const counted = JSON.parse((await db.retentionRun.findUniqueOrThrow({ where: { id: dry.ok ? dry.runId : '' } })).details!);
    expect(counted).toMatchObject({ WebhookEvent: 2, WebhookDelivery: 2, WebhookAttempt: 4, keptUndelivered: 2 });
    expect(await db.webhookEvent.count({ where: { id: { in: [settled, undelivered] } } })).toBe(2);

    const run = await runPolicyNow(id, { ...options, batchSize: 1 });
    expect(run).toMatchObject({ ok: true, affected: 2, message: '2 webhook events were deleted.' });
    const recorded = await db.retentionRun.findUniqueOrThrow({ where: { id: run.ok ? run.runId : '' } });
    expect(recorded).toMatchObject({ dryRun: false, status: 'completed', trigger: 'cli', affected: 2 });
    expect(JSON.parse(recorded.details!)).toMatchObject({ WebhookEvent: 2, WebhookDelivery: 2, WebhookAttempt: 4, keptUndelivered: 2, batches: 2 });
    const left = await db.webhookEvent.findMany({ where: { id: { in: [settled, undelivered, partlyPending, delivering, recent] } }, select: { id: true } });
    expect(left.map((e) => e.id).sort()).toEqual([partlyPending, delivering, recent].sort());
    // Deliveries and attempts went with their events, and only theirs.
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(4);
    expect(await db.webhookAttempt.count({ where: { delivery: { endpointId: endpoint.id } } })).toBe(8);
    await db.webhookEndpoint.delete({ where: { id: endpoint.id } });
  });

  it('expired app sign-in records: deletes provider rows expired past the limit, never unexpiring ones or a held person’s', async () => {
    const { user } = await signUpCustomer();
    const held = await heldCustomer();
    const row = (type: string, expiresAt: Date | null, fields: { accountId?: string; grantId?: string } = {}) =>
      db.oidcPayload.create({ data: { id: `${type}:${randomUUID()}`, type, payload: '{}', expiresAt, createdAt: OLD, ...fields } });
    const heldGrantId = randomUUID();
    const expired = await Promise.all([
      row('Session', OLD, { accountId: user.id }),
      row('AccessToken', OLD, { grantId: randomUUID() }),
      row('Interaction', OLD),
    ]);
    const kept = await Promise.all([
      row('Session', RECENT, { accountId: user.id }),
      row('Grant', null, { accountId: user.id }),
    ]);
    const heldRows = await Promise.all([
      db.oidcPayload.create({ data: { id: `Grant:${heldGrantId}`, type: 'Grant', payload: '{}', expiresAt: OLD, accountId: held.user.id } }),
      row('Session', OLD, { accountId: held.user.id }),
      // Tokens name only their grant: held because the grant is the held person's.
      row('RefreshToken', OLD, { grantId: heldGrantId }),
    ]);
    const { id } = await policy('provider_records');

    const dry = await dryRunPolicy(id, options);
    expect(dry).toMatchObject({ ok: true, affected: 3, message: '3 records would be deleted.' });
    const counted = JSON.parse((await db.retentionRun.findUniqueOrThrow({ where: { id: dry.ok ? dry.runId : '' } })).details!);
    expect(counted).toMatchObject({ OidcPayload: 3, skippedLegalHold: 3 });

    const run = await runPolicyNow(id, { ...options, batchSize: 2 });
    expect(run).toMatchObject({ ok: true, affected: 3, message: '3 records were deleted.' });
    const recorded = await db.retentionRun.findUniqueOrThrow({ where: { id: run.ok ? run.runId : '' } });
    expect(recorded).toMatchObject({ dryRun: false, status: 'completed', affected: 3 });
    expect(JSON.parse(recorded.details!)).toMatchObject({ OidcPayload: 3, skippedLegalHold: 3, batches: 2 });
    const all = [...expired, ...kept, ...heldRows].map((r) => r.id);
    const left = await db.oidcPayload.findMany({ where: { id: { in: all } }, select: { id: true } });
    expect(left.map((r) => r.id).sort()).toEqual([...kept, ...heldRows].map((r) => r.id).sort());
  });

  it('inactive accounts: erases customers with no sign-in past the limit, never staff or held people', async () => {
    const make = async (data: { createdAt: Date; lastSignInAt: Date | null }) => {
      const { user } = await signUpCustomer();
      await db.user.update({ where: { id: user.id }, data });
      return user.id;
    };
    const neverSignedIn = await make({ createdAt: OLD, lastSignInAt: null });
    const longGone = await make({ createdAt: OLD, lastSignInAt: OLD });
    const stillActive = await make({ createdAt: OLD, lastSignInAt: RECENT });
    // A role without permissions (an app's "premium" label) does not make anyone staff.
    const premium = await make({ createdAt: OLD, lastSignInAt: OLD });
    const label = await db.role.create({ data: { key: `premium-${premium.slice(-6)}`, name: 'Premium', builtIn: false } });
    await db.userRole.create({ data: { userId: premium, roleId: label.id } });
    const newcomer = await make({ createdAt: RECENT, lastSignInAt: null });
    const staff = await staffMember();
    await db.user.update({ where: { id: staff.id }, data: { createdAt: OLD, lastSignInAt: OLD } });
    const held = await heldCustomer();
    await db.user.update({ where: { id: held.user.id }, data: { createdAt: OLD, lastSignInAt: null } });
    const { id } = await policy('inactive_accounts');

    expect(await dryRunPolicy(id, options)).toMatchObject({ ok: true, affected: 3, message: '3 accounts would be anonymised.' });
    const run = await runPolicyNow(id, options);
    expect(run).toMatchObject({ ok: true, affected: 3 });
    const remaining = await db.user.findMany({ where: { id: { in: [neverSignedIn, longGone, premium, stillActive, newcomer, staff.id, held.user.id] } }, select: { id: true } });
    expect(remaining.map((u) => u.id).sort()).toEqual([stillActive, newcomer, staff.id, held.user.id].sort());
    const details = JSON.parse((await db.retentionRun.findUniqueOrThrow({ where: { id: run.ok ? run.runId : '' } })).details!);
    expect(details).toMatchObject({ User: 3, skippedLegalHold: 1 });
  });

  it('erased tombstones: deletes tombstones older than N days only', async () => {
    const tombstone = async (erasedAt: Date) => {
      const { user } = await signUpCustomer();
      const evidence = await db.$transaction((tx) => eraseUser(tx, user.id, systemActor()));
      await db.user.update({ where: { id: evidence!.tombstoneId }, data: { erasedAt } });
      return evidence!.tombstoneId;
    };
    const old = await tombstone(OLD);
    const recent = await tombstone(RECENT);
    const { id } = await policy('erased_tombstones');

    expect(await dryRunPolicy(id, options)).toMatchObject({ ok: true, affected: 1 });
    expect(await runPolicyNow(id, options)).toMatchObject({ ok: true, affected: 1 });
    expect(await db.user.findUnique({ where: { id: old } })).toBeNull();
    expect(await db.user.findUnique({ where: { id: recent } })).not.toBeNull();
  });
});

describe('dry runs and runs', () => {
  it('a dry run counts with the current settings even when disabled, records itself and changes nothing', async () => {
    const message = await db.devOutboxMessage.create({ data: { to: uniqueEmail('dry'), subject: 's', text: 't', html: 'h', template: 'test', createdAt: OLD } });
    const { id } = await policy('dev_outbox', KEEP_DAYS, false);
    const dry = await dryRunPolicy(id, options);
    expect(dry).toMatchObject({ ok: true, affected: 1 });
    expect(await db.devOutboxMessage.findUnique({ where: { id: message.id } })).not.toBeNull();
    const run = await db.retentionRun.findUniqueOrThrow({ where: { id: dry.ok ? dry.runId : '' } });
    expect(run).toMatchObject({ dryRun: true, affected: 1, status: 'completed' });
    expect(await db.auditEvent.count({ where: { action: 'retention.dry_run', metadata: { contains: run.id } } })).toBe(1);

    // Longer retention, fewer candidates: the dry run follows the saved settings.
    await policy('dev_outbox', 90, false);
    expect(await dryRunPolicy(id, options)).toMatchObject({ ok: true, affected: 0 });
    // "Run now" is for enabled policies only.
    expect(await runPolicyNow(id, options)).toMatchObject({ ok: false });
    expect(await db.devOutboxMessage.findUnique({ where: { id: message.id } })).not.toBeNull();
    await db.devOutboxMessage.delete({ where: { id: message.id } });
  });

  it('every category in the catalogue has a policy, listed in catalogue order', async () => {
    expect((await listRetentionPolicies()).map((p) => p.category)).toEqual([...RETENTION_CATEGORIES]);
  });

  it('saving a policy is audited', async () => {
    const staff = await staffMember();
    const result = await updateRetentionPolicy({ category: 'dev_outbox', keepDays: 14, action: 'delete', enabled: false }, staff);
    expect(result.ok).toBe(true);
    expect(await db.retentionPolicy.findUniqueOrThrow({ where: { category: 'dev_outbox' } })).toMatchObject({ keepDays: 14, enabled: false, updatedById: staff.id });
    expect(await db.auditEvent.count({ where: { action: 'retention.policy_updated', actorId: staff.id } })).toBe(1);
  });

  it('the lease lets exactly one of several contenders run at a time', async () => {
    const contenders = await Promise.all(Array.from({ length: 6 }, (_, i) => acquireLease('test-lease', 60_000, `holder-${i}`)));
    expect(contenders.filter(Boolean)).toHaveLength(1);
    const winner = contenders.find(Boolean)!;
    expect(await acquireLease('test-lease', 60_000, 'late-comer')).toBeNull();
    // An expired lease passes on.
    const taken = await acquireLease('test-lease', 60_000, 'late-comer', new Date(Date.now() + 120_000));
    expect(taken).not.toBeNull();
    await releaseLease(winner); // no longer the holder: changes nothing
    expect(await acquireLease('test-lease', 60_000, 'third')).toBeNull();
    await releaseLease(taken!);

    await db.retentionPolicy.updateMany({ data: { enabled: false } });
    const message = await db.devOutboxMessage.create({ data: { to: uniqueEmail('lease'), subject: 's', text: 't', html: 'h', template: 'test', createdAt: OLD } });
    await policy('dev_outbox');
    const other = await acquireLease(RETENTION_LEASE, 60_000, 'another-instance');
    expect(await runRetention(options)).toEqual({ ran: false });
    expect(await runPolicyNow((await db.retentionPolicy.findUniqueOrThrow({ where: { category: 'dev_outbox' } })).id, options)).toMatchObject({ ok: false, formError: expect.stringMatching(/in progress/) });
    expect(await db.devOutboxMessage.findUnique({ where: { id: message.id } })).not.toBeNull();
    await releaseLease(other!);

    const sweep = await runRetention(options);
    expect(sweep).toMatchObject({ ran: true, runs: [{ category: 'dev_outbox', ok: true, affected: 1 }] });
    expect(await db.devOutboxMessage.findUnique({ where: { id: message.id } })).toBeNull();
    await db.retentionPolicy.updateMany({ data: { enabled: false } });
  });
});

describe('the schedule across instances', () => {
  it('one scheduled sweep per interval, however many instances tick in it', async () => {
    await db.jobLease.deleteMany({ where: { name: RETENTION_SCHEDULE_LEASE } });
    await db.retentionPolicy.updateMany({ data: { enabled: false } });
    await policy('dev_outbox');
    const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
    // Each instance ticks hourly at its own phase: one at :00, another at :20. The run's own lease
    // is let go when the run ends, so without more each instance would sweep in turn.
    expect(await runScheduledRetention({ now: minutes(0), intervalMinutes: 60 })).toMatchObject({ ran: true });
    expect(await runScheduledRetention({ now: minutes(20), intervalMinutes: 60 })).toEqual({ ran: false });
    // The next hour's first tick sweeps again, so an instance on its own keeps its hourly sweep.
    expect(await runScheduledRetention({ now: minutes(60), intervalMinutes: 60 })).toMatchObject({ ran: true });
    expect(await runScheduledRetention({ now: minutes(80), intervalMinutes: 60 })).toEqual({ ran: false });
    await db.retentionPolicy.updateMany({ data: { enabled: false } });
    await db.jobLease.deleteMany({ where: { name: RETENTION_SCHEDULE_LEASE } });
  });
});

describe('audit retention keeps the chain verifiable', () => {
  async function event(target?: string) {
    await new Promise((r) => setTimeout(r, 15));
    await recordAudit(db, { action: 'user.sign_out', actor: { type: 'user', id: `retention-${randomUUID()}` }, target: target ? { type: 'user', id: target } : null, context: newContext() });
    await sealAuditEvents();
    return db.auditEvent.findFirstOrThrow({ where: { sequence: { not: null } }, orderBy: { sequence: 'desc' } });
  }

  beforeAll(async () => {
    // Holds other test files placed would stop the pruned prefix early; these tests place their own.
    await db.user.updateMany({ where: { legalHold: true }, data: { legalHold: false } });
  });

  it('deletes the oldest prefix, still verifies, and still detects edits and deletions', async () => {
    await event();
    await event();
    const keep = await event();
    const after = await event();
    await event();
    const older = await db.auditEvent.count({ where: { OR: [{ sequence: { lt: keep.sequence! } }, { sequence: null, occurredAt: { lt: keep.occurredAt } }] } });
    const { id } = await policy('audit_events', 0);
    const at = { ...options, now: keep.occurredAt };

    expect(await dryRunPolicy(id, at)).toMatchObject({ ok: true, affected: older });
    expect(await db.auditEvent.count({ where: { sequence: { lt: keep.sequence! } } })).toBeGreaterThan(0);
    const run = await runPolicyNow(id, at);
    expect(run).toMatchObject({ ok: true, affected: older });
    expect(await db.auditEvent.count({ where: { sequence: { lt: keep.sequence! } } })).toBe(0);
    const details = JSON.parse((await db.retentionRun.findUniqueOrThrow({ where: { id: run.ok ? run.runId : '' } })).details!);
    expect(details).toMatchObject({ anchorSequence: keep.sequence! - 1, anchorHash: keep.prevHash });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, startsAfter: keep.sequence! - 1 });

    await db.auditEvent.update({ where: { id: after.id }, data: { reason: 'edited' } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: after.id });
    await db.auditEvent.update({ where: { id: after.id }, data: { reason: after.reason } });

    // Removing the first kept event without an anchor is a deletion like any other.
    await db.auditEvent.delete({ where: { id: keep.id } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: after.id });
    await db.auditEvent.create({ data: keep });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });

    await db.auditEvent.delete({ where: { id: after.id } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false });
    await db.auditEvent.create({ data: after });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('stops the prefix at an event about someone under legal hold', async () => {
    const held = await db.user.create({ data: { email: uniqueEmail('held'), legalHold: true, legalHoldReason: 'litigation' } });
    const before = await event();
    const aboutHeld = await event(held.id);
    const between = await event();
    const last = await event();
    const { id } = await policy('audit_events', 0);
    const run = await runPolicyNow(id, { ...options, now: last.occurredAt });
    expect(run.ok).toBe(true);
    expect(await db.auditEvent.findUnique({ where: { id: before.id } })).toBeNull();
    expect(await db.auditEvent.findUnique({ where: { id: aboutHeld.id } })).not.toBeNull();
    expect(await db.auditEvent.findUnique({ where: { id: between.id } })).not.toBeNull();
    const details = JSON.parse((await db.retentionRun.findUniqueOrThrow({ where: { id: run.ok ? run.runId : '' } })).details!);
    expect(details.skippedLegalHold).toBe(1);
    expect(details.keptToPreserveChain).toBeGreaterThanOrEqual(1);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, startsAfter: aboutHeld.sequence! - 1 });
    await db.user.update({ where: { id: held.id }, data: { legalHold: false } });
    await policy('audit_events', 400, false);
  });

  it('prunes every sealed event, the head too, before its anchor is sealed, and the chain goes on from the anchor', async () => {
    const head = await event();
    const { id } = await policy('audit_events', 0);
    const run = await runPolicyNow(id, { ...options, now: new Date(head.occurredAt.getTime() + 1) });
    expect(run.ok).toBe(true);
    // The anchor and the run's own events still wait for the sealer; nothing sealed is left.
    expect(await db.auditEvent.count({ where: { sequence: { not: null } } })).toBe(0);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, verified: 0, startsAfter: head.sequence });

    const next = await event();
    const anchor = await db.auditEvent.findFirstOrThrow({ where: { action: 'audit.pruned' }, orderBy: { sequence: 'desc' } });
    expect(anchor).toMatchObject({ sequence: head.sequence! + 1, prevHash: head.hash });
    expect(next.sequence).toBeGreaterThan(anchor.sequence!);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, startsAfter: head.sequence, unsealed: 0 });
    await policy('audit_events', 400, false);
  });
});

describe('legal hold', () => {
  it('is placed and released with a reason, audited, and blocks erasure with a message', async () => {
    const staff = await staffMember();
    const { user } = await signUpCustomer();
    expect(await placeLegalHold(user.id, 'Litigation 2026-17', staff)).toMatchObject({ ok: true });
    expect(await placeLegalHold(user.id, 'again', staff)).toMatchObject({ ok: false, formError: expect.stringMatching(/already/) });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ legalHold: true, legalHoldReason: 'Litigation 2026-17' });

    expect(await eraseUserNow(user.id, staff)).toEqual({ ok: false, formError: expect.stringMatching(/legal hold/) });
    await db.user.update({ where: { id: user.id }, data: { status: 'pending_deletion', deletionScheduledAt: new Date(Date.now() - 1000) } });
    await runDueErasures();
    expect(await db.user.findUnique({ where: { id: user.id } })).not.toBeNull();

    expect(await releaseLegalHold(user.id, staff)).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ legalHold: false, legalHoldReason: null });
    await sealAuditEvents();
    const events = await db.auditEvent.findMany({ where: { actorId: staff.id, action: { startsWith: 'user.legal_hold' } }, orderBy: { sequence: 'asc' } });
    expect(events.map((e) => [e.action, e.targetId])).toEqual([['user.legal_hold_placed', user.id], ['user.legal_hold_released', user.id]]);
    // The note is free text about a person: outside the chained columns, so erasure can clear it.
    expect(events[0]).toMatchObject({ reason: null, personalText: JSON.stringify({ reason: 'Litigation 2026-17' }) });
    expect(events[1]!.personalText).toBe(JSON.stringify({ heldFor: 'Litigation 2026-17' }));

    await runDueErasures();
    expect(await db.user.findUnique({ where: { id: user.id } })).toBeNull();
  });
});
