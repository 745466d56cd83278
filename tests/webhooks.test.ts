import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { db } from '@/lib/db/client';
import { sealAuditEvents } from '@/lib/audit/sealer';
import { systemActor } from '@/lib/audit/actor';
import { createSession, revokeSession, revokeUserSessions } from '@/lib/auth/sessions';
import { changeConsent } from '@/lib/consent/change';
import { assignRole, removeRole } from '@/lib/rbac/assignments';
import { eraseUser } from '@/lib/users/erasure';
import { suspendCustomer } from '@/lib/users/support-actions';
import { webhookEndpointSchema } from '@/lib/validation/webhooks';
import { dispatchDueDeliveries, dispatchUntilIdle } from '@/lib/webhooks/dispatcher';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  resendWebhookDelivery,
  rotateWebhookSecret,
  setWebhookEndpointEnabled,
} from '@/lib/webhooks/endpoints';
import type { WebhookEventType, WebhookPayload } from '@/lib/webhooks/events';
import { MAX_DELIVERY_ATTEMPTS, RETRY_DELAYS_SECONDS, retryDelayMs } from '@/lib/webhooks/retry-schedule';
import { asStaff, asUser, newContext, signUpCustomer } from './support/fixtures';

/**
 * A webhook receiver as a customer-data platform would run it: it checks every request's
 * signature with the Standard Webhooks library and answers with the status it is told to.
 */
class Receiver {
  server: Server | null = null;
  port = 0;
  answer = 204;
  delayMs = 0;
  secret = '';
  requests: { id: string; headers: IncomingHttpHeaders; body: string; verified: boolean; status: number }[] = [];

  get url() {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', async () => {
        let verified = false;
        try {
          new Webhook(this.secret).verify(body, req.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
        if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
        const status = verified ? this.answer : 401;
        this.requests.push({ id: String(req.headers['webhook-id']), headers: req.headers, body, verified, status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Stops listening: connections are refused until it starts again on the same port. */
  async stop() {
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  accepted() {
    return this.requests.filter((r) => r.verified && r.status >= 200 && r.status < 300);
  }

  payloads() {
    return this.accepted().map((r) => JSON.parse(r.body) as WebhookPayload);
  }
}

const receiver = new Receiver();
let adminId = '';

beforeAll(async () => {
  await receiver.start();
  adminId = (await db.user.findUniqueOrThrow({ where: { email: 'admin@test.example' } })).id;
});
afterAll(() => receiver.stop());
afterEach(async () => {
  // Every test registers its own endpoint; none may receive the next test's events.
  await db.webhookEndpoint.deleteMany();
  receiver.requests = [];
  receiver.answer = 204;
  receiver.delayMs = 0;
  if (!receiver.server) await receiver.start();
});

async function registerReceiver(eventTypes: WebhookEventType[]) {
  const created = await createWebhookEndpoint({ url: receiver.url, eventTypes }, asStaff(adminId));
  if (!created.ok) throw new Error(created.error);
  receiver.secret = created.secret;
  return created;
}

/** A clock the test moves, so a retry schedule of hours runs in milliseconds. */
function testClock() {
  let now = Date.now();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms), at: (date: Date) => (now = date.getTime()) };
}

const deliveriesOf = (endpointId: string) => db.webhookDelivery.findMany({ where: { endpointId }, include: { attemptLog: { orderBy: { attemptedAt: 'asc' } } } });

describe('webhook endpoints', () => {
  it('accepts https URLs, and plain http only for this machine', () => {
    const parse = (url: string) => webhookEndpointSchema.safeParse({ url, eventTypes: ['user.created'] });
    expect(parse('https://cdp.example.com/hooks').success).toBe(true);
    expect(parse('http://localhost:4000/hooks').success).toBe(true);
    expect(parse('http://127.0.0.1:4000/hooks').success).toBe(true);
    expect(parse('http://cdp.example.com/hooks').error?.issues[0]?.message).toMatch(/https:\/\//);
    expect(parse('https://user:pass@cdp.example.com/hooks').success).toBe(false);
    expect(parse('ftp://cdp.example.com').success).toBe(false);
    expect(webhookEndpointSchema.safeParse({ url: 'https://cdp.example.com', eventTypes: [] }).error?.issues[0]?.message).toBe('Choose at least one event to send.');
    expect(webhookEndpointSchema.safeParse({ url: 'https://cdp.example.com', eventTypes: ['user.hacked'] }).success).toBe(false);
  });

  it('stores the signing secret encrypted, shows it once, and audits every change', async () => {
    const { id, secret } = await registerReceiver(['user.created']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const stored = await db.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(stored.secretEncrypted).not.toContain(secret.slice(6));
    expect(JSON.stringify(await findWebhookEndpoint(id))).not.toContain(secret.slice(6));

    const rotated = await rotateWebhookSecret(id, asStaff(adminId));
    expect(rotated.ok && rotated.secret).not.toBe(secret);
    expect(await setWebhookEndpointEnabled(id, false, asStaff(adminId))).toEqual({ ok: true });
    expect(await deleteWebhookEndpoint(id, asStaff(adminId))).toEqual({ ok: true });
    expect(await deleteWebhookEndpoint(id, asStaff(adminId))).toMatchObject({ ok: false, code: 'not_found' });
    await sealAuditEvents();
    const actions = (await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { sequence: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['webhook.endpoint_created', 'webhook.secret_rotated', 'webhook.endpoint_updated', 'webhook.endpoint_deleted']);
  });
});

describe('webhook events', () => {
  it('delivers a sign-up as a signed Standard Webhooks request that the receiver verifies', async () => {
    await registerReceiver(['user.created', 'role.assigned', 'consent.updated']);
    const { user, email } = await signUpCustomer();
    const summary = await dispatchUntilIdle();
    expect(summary.failed + summary.retrying).toBe(0);

    const requests = receiver.requests;
    expect(requests.length).toBeGreaterThanOrEqual(4); // created, customer role, terms, privacy
    expect(requests.every((r) => r.verified)).toBe(true);
    const created = receiver.payloads().find((p) => p.type === 'user.created')!;
    expect(created.data).toEqual({ userId: user.id, method: 'password' });
    expect(new Date(created.timestamp).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(receiver.payloads().filter((p) => p.type === 'consent.updated').map((p) => p.data)).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: user.id, purpose: 'terms', granted: true, source: 'sign_up' })]),
    );
    expect(receiver.payloads().find((p) => p.type === 'role.assigned')?.data).toEqual({ userId: user.id, role: 'customer' });
    // Thin payloads: ids, never the person's email.
    expect(requests.some((r) => r.body.includes(email))).toBe(false);
    // webhook-id is the outbox event's id, with the standard headers beside it.
    const event = await db.webhookEvent.findFirstOrThrow({ where: { type: 'user.created', payload: { contains: user.id } } });
    const request = requests.find((r) => r.id === event.id)!;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['webhook-signature']).toMatch(/^v1,/);
    expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    // A request signed with another secret is refused by the same check.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(request.body, request.headers as Record<string, string>)).toThrow();
  });

  it('writes the event in the transaction of the change: a rolled-back change sends nothing', async () => {
    const { id } = await registerReceiver(['session.revoked']);
    const { user } = await signUpCustomer();
    const { session } = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });

    await expect(
      db.$transaction(async (tx) => {
        await revokeUserSessions(tx, user.id, 'test');
        throw new Error('something later in the same change failed');
      }),
    ).rejects.toThrow('something later');
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).toBeNull();
    expect(await db.webhookDelivery.count({ where: { endpointId: id } })).toBe(0);

    await db.$transaction((tx) => revokeUserSessions(tx, user.id, 'test'));
    expect(await db.webhookDelivery.count({ where: { endpointId: id } })).toBe(1);
    await dispatchUntilIdle();
    expect(receiver.payloads().map((p) => p.data)).toEqual([{ userId: user.id, sessionId: session.id, reason: 'test' }]);
  });

  it('emits each catalogued event from where the change happens, only to endpoints subscribed to it', async () => {
    await registerReceiver(['user.updated', 'user.deleted', 'consent.updated', 'session.created', 'session.revoked', 'role.assigned', 'role.removed']);
    const { user } = await signUpCustomer();
    await db.webhookDelivery.deleteMany(); // the sign-up's own events are the previous test's business
    const actor = asStaff(adminId);
    const { session } = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
    await revokeSession(db, session.id, 'sign_out');
    await changeConsent({ userId: user.id, purposeKey: 'marketing_email', granted: true }, asUser(user.id));
    await assignRole(user.id, 'support', actor);
    await removeRole(user.id, 'support', actor);
    await suspendCustomer(user.id, 'fraud check', asStaff(adminId, 'staff-session'));
    await db.user.update({ where: { id: user.id }, data: { status: 'pending_deletion' } });
    await db.$transaction((tx) => eraseUser(tx, user.id, systemActor()));
    await dispatchUntilIdle();

    const received = receiver.payloads().map((p) => [p.type, p.data]);
    expect(received).toEqual(
      expect.arrayContaining([
        ['session.created', { userId: user.id, sessionId: session.id, methods: ['password'] }],
        ['session.revoked', { userId: user.id, sessionId: session.id, reason: 'sign_out' }],
        ['consent.updated', { userId: user.id, purpose: 'marketing_email', version: 1, granted: true, source: 'account' }],
        ['role.assigned', { userId: user.id, role: 'support' }],
        ['role.removed', { userId: user.id, role: 'support' }],
        ['user.updated', { userId: user.id, changes: ['status'], status: 'suspended' }],
        ['user.deleted', { userId: user.id }],
      ]),
    );
    // Not subscribed: the sign-up's user.created went nowhere.
    expect(received.some(([type]) => type === 'user.created')).toBe(false);
  });

  it('queues nothing for a disabled endpoint and holds its waiting deliveries until it is enabled', async () => {
    const { id } = await registerReceiver(['user.created']);
    await signUpCustomer();
    await setWebhookEndpointEnabled(id, false, asStaff(adminId));
    await signUpCustomer();
    expect(await db.webhookDelivery.count({ where: { endpointId: id } })).toBe(1);
    expect((await dispatchUntilIdle()).claimed).toBe(0);
    await setWebhookEndpointEnabled(id, true, asStaff(adminId));
    expect((await dispatchUntilIdle()).succeeded).toBe(1);
  });
});

describe('webhook dispatcher', () => {
  it('keeps retrying while the receiver is down, and every event arrives once it is back', async () => {
    const { id } = await registerReceiver(['user.created']);
    const users = [await signUpCustomer(), await signUpCustomer(), await signUpCustomer()].map((s) => s.user.id);
    const clock = testClock();

    receiver.answer = 503;
    expect(await dispatchDueDeliveries({ now: clock.now })).toMatchObject({ claimed: 3, retrying: 3 });
    // Nothing is due again before the first backoff.
    clock.advance(3_000);
    expect((await dispatchDueDeliveries({ now: clock.now })).claimed).toBe(0);

    await receiver.stop(); // now connections are refused
    clock.advance(4_000);
    expect(await dispatchDueDeliveries({ now: clock.now })).toMatchObject({ claimed: 3, retrying: 3 });

    await receiver.start();
    receiver.answer = 200;
    clock.advance(40_000);
    expect(await dispatchDueDeliveries({ now: clock.now })).toMatchObject({ claimed: 3, succeeded: 3 });

    expect(new Set(receiver.payloads().map((p) => (p.data as { userId: string }).userId))).toEqual(new Set(users));
    const deliveries = await deliveriesOf(id);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: 'succeeded', attempts: 3, lastStatusCode: 200, lastError: null, lockedUntil: null });
      expect(delivery.attemptLog.map((a) => a.statusCode)).toEqual([503, null, 200]);
      // The log says what happened in a few words, never the socket's own error text.
      expect(delivery.attemptLog[1]!.error).toBe('connection refused');
      // Every try of one event carries the same webhook-id, so receivers can deduplicate.
      const ids = new Set(receiver.requests.filter((r) => r.id === delivery.eventId).map((r) => r.id));
      expect(ids.size).toBe(1);
      expect(receiver.requests.filter((r) => r.id === delivery.eventId).map((r) => r.status)).toEqual([503, 200]);
    }
  });

  it('backs off exponentially with jitter and gives up after the last attempt', async () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(5_000);
    expect(retryDelayMs(1, () => 0)).toBe(4_000);
    expect(retryDelayMs(1, () => 1)).toBe(6_000);
    expect(RETRY_DELAYS_SECONDS.map((_, i) => retryDelayMs(i + 1, () => 0.5))).toEqual([5_000, 30_000, 120_000, 600_000, 3_600_000, 14_400_000, 43_200_000]);
    expect(retryDelayMs(MAX_DELIVERY_ATTEMPTS)).toBeNull();

    const { id } = await registerReceiver(['user.created']);
    await signUpCustomer();
    receiver.answer = 500;
    const clock = testClock();
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt += 1) {
      const before = clock.now().getTime();
      const summary = await dispatchDueDeliveries({ now: clock.now });
      expect(summary.claimed, `attempt ${attempt}`).toBe(1);
      const [delivery] = await deliveriesOf(id);
      expect(delivery!.attempts).toBe(attempt);
      if (attempt === MAX_DELIVERY_ATTEMPTS) {
        expect(delivery).toMatchObject({ status: 'failed', lastStatusCode: 500, lastError: 'The endpoint answered HTTP 500' });
        break;
      }
      expect(delivery!.status).toBe('pending');
      const waited = delivery!.nextAttemptAt.getTime() - before;
      const base = RETRY_DELAYS_SECONDS[attempt - 1]! * 1000;
      expect(waited).toBeGreaterThanOrEqual(base * 0.8);
      expect(waited).toBeLessThanOrEqual(base * 1.2);
      clock.at(delivery!.nextAttemptAt);
    }
    clock.advance(48 * 3600_000);
    expect((await dispatchDueDeliveries({ now: clock.now })).claimed).toBe(0);
    expect(receiver.requests).toHaveLength(MAX_DELIVERY_ATTEMPTS);
  });

  it('never lets two dispatchers running at once send the same delivery', async () => {
    const { id } = await registerReceiver(['user.created']);
    for (let i = 0; i < 8; i += 1) await signUpCustomer();
    receiver.delayMs = 30;
    const [a, b] = await Promise.all([dispatchUntilIdle({ batchSize: 3 }), dispatchUntilIdle({ batchSize: 3 })]);
    expect(a.claimed + b.claimed).toBe(8);
    expect(a.succeeded + b.succeeded).toBe(8);
    const ids = receiver.requests.map((r) => r.id);
    expect(new Set(ids).size).toBe(8);
    expect(ids).toHaveLength(8);
    expect((await deliveriesOf(id)).every((d) => d.status === 'succeeded' && d.attempts === 1)).toBe(true);
  });

  it('takes over a delivery whose dispatcher died mid-request once its claim has expired', async () => {
    const { id } = await registerReceiver(['user.created']);
    await signUpCustomer();
    const clock = testClock();
    const [stuck] = await deliveriesOf(id);
    await db.webhookDelivery.update({ where: { id: stuck!.id }, data: { status: 'delivering', lockedUntil: new Date(clock.now().getTime() + 60_000) } });
    expect((await dispatchDueDeliveries({ now: clock.now })).claimed).toBe(0);
    clock.advance(61_000);
    expect(await dispatchDueDeliveries({ now: clock.now })).toMatchObject({ claimed: 1, succeeded: 1 });
  });

  it('resends a delivery on request, with the same webhook-id, and audits it', async () => {
    const { id } = await registerReceiver(['user.created']);
    await signUpCustomer();
    await dispatchUntilIdle();
    const [delivery] = await deliveriesOf(id);
    expect(delivery!.status).toBe('succeeded');

    expect(await resendWebhookDelivery(id, delivery!.id, asStaff(adminId))).toEqual({ ok: true });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await dispatchUntilIdle()).succeeded).toBe(1);
    expect(receiver.accepted().map((r) => r.id)).toEqual([delivery!.eventId, delivery!.eventId]);
    expect(await db.webhookAttempt.count({ where: { deliveryId: delivery!.id } })).toBe(2);
    expect(await db.auditEvent.count({ where: { action: 'webhook.delivery_resent', targetId: id } })).toBe(1);
    expect(await resendWebhookDelivery('another-endpoint', delivery!.id, asStaff(adminId))).toMatchObject({ ok: false, code: 'not_found' });
  });
});
