import 'server-only';
import { Webhook } from 'standardwebhooks';
import { config } from '@/lib/config';
import { db } from '@/lib/db/client';
import { describeOutboundFailure, fetchOutbound, type HostResolver, type OutboundPolicy } from '@/lib/http/outbound-guard';
import { retryDelayMs } from './retry-schedule';
import { signingSecretOf } from './signing-secret';

/** How long a claim lasts: longer than a request can take, so only a crashed dispatcher's claims expire. */
const CLAIM_MS = 60_000;
const REQUEST_TIMEOUT_MS = 10_000;
const BATCH_SIZE = 25;

export type DispatchOptions = {
  /** The clock for scheduling (tests move it forward instead of waiting); signatures always use the real time. */
  now?: () => Date;
  batchSize?: number;
  timeoutMs?: number;
  /** Which addresses endpoints may be at; the configuration's unless a test names another. */
  outbound?: OutboundPolicy;
  /** How endpoint host names are resolved; the system resolver unless a test maps names itself. */
  resolve?: HostResolver;
};

type Target = { policy: OutboundPolicy; resolve?: HostResolver; timeoutMs: number };

export type DispatchSummary = { claimed: number; succeeded: number; retrying: number; failed: number };

type Claim = { id: string; lockedUntil: Date };

/**
 * Claims due deliveries one by one with a compare-and-set on their state, so several
 * dispatchers (app instances, the CLI) never take the same one: on PostgreSQL the second
 * UPDATE waits for the first's row lock and then no longer matches; SQLite has one writer.
 * A delivery whose claim has expired (its dispatcher died mid-request) is due again.
 */
async function claimDueDeliveries(now: Date, limit: number): Promise<Claim[]> {
  const due = {
    OR: [
      { status: 'pending', nextAttemptAt: { lte: now } },
      { status: 'delivering', lockedUntil: { lt: now } },
    ],
  };
  const candidates = await db.webhookDelivery.findMany({
    where: { ...due, endpoint: { enabled: true } },
    orderBy: { nextAttemptAt: 'asc' },
    select: { id: true },
    take: limit,
  });
  const claims: Claim[] = [];
  for (const { id } of candidates) {
    const lockedUntil = new Date(now.getTime() + CLAIM_MS);
    const taken = await db.webhookDelivery.updateMany({ where: { id, ...due }, data: { status: 'delivering', lockedUntil } });
    if (taken.count === 1) claims.push({ id, lockedUntil });
  }
  return claims;
}

type Outcome = { statusCode: number | null; error: string | null; durationMs: number };

/**
 * One signed POST (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature),
 * through the outbound guard: the endpoint's host is resolved and checked now, at send
 * time, whatever it resolved to when it was registered. The log keeps a status code or a
 * short reason, never the error's own text (it can name internal addresses).
 */
async function post(url: string, secret: string, eventId: string, body: string, target: Target): Promise<Outcome> {
  const started = Date.now();
  const sentAt = new Date();
  try {
    const response = await fetchOutbound(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Gatehouse-Webhooks/1',
          'webhook-id': eventId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': new Webhook(secret).sign(eventId, sentAt, body),
        },
        body,
      },
      target.policy,
      // A redirect is an answer, not an instruction: following it could send signed data elsewhere (the guard never follows one).
      { timeoutMs: target.timeoutMs, resolve: target.resolve, statusOnly: true },
    );
    const ok = response.status >= 200 && response.status < 300;
    return { statusCode: response.status, error: ok ? null : `The endpoint answered HTTP ${response.status}`, durationMs: Date.now() - started };
  } catch (error) {
    return { statusCode: null, error: describeOutboundFailure(error), durationMs: Date.now() - started };
  }
}

/** The endpoint's secret, or null when it cannot be decrypted: then the attempt fails and is logged like any other. */
function readableSecret(endpoint: { id: string; secretEncrypted: string }) {
  try {
    return signingSecretOf(endpoint);
  } catch (error) {
    console.error('webhook signing secret unreadable:', error);
    return null;
  }
}

async function deliver(claim: Claim, now: () => Date, target: Target): Promise<'succeeded' | 'retrying' | 'failed' | 'lost'> {
  const delivery = await db.webhookDelivery.findUniqueOrThrow({ where: { id: claim.id }, include: { event: true, endpoint: true } });
  const secret = readableSecret(delivery.endpoint);
  const outcome = secret
    ? await post(delivery.endpoint.url, secret, delivery.event.id, delivery.event.payload, target)
    : { statusCode: null, error: 'The signing secret cannot be decrypted (was AUTH_SECRET changed without AUTH_SECRET_PREVIOUS, or the secret copied from another endpoint?). Rotate the secret.', durationMs: 0 };
  const attempts = delivery.attempts + 1;
  const succeeded = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
  const delay = succeeded ? null : retryDelayMs(attempts);
  const status = succeeded ? 'succeeded' : delay === null ? 'failed' : 'pending';
  const finishedAt = now();
  return db.$transaction(async (tx) => {
    await tx.webhookAttempt.create({ data: { deliveryId: claim.id, attemptedAt: finishedAt, ...outcome } });
    // Only the holder of this claim settles it; if it expired and another dispatcher took over, that one will.
    const settled = await tx.webhookDelivery.updateMany({
      where: { id: claim.id, status: 'delivering', lockedUntil: claim.lockedUntil },
      data: {
        status,
        attempts,
        lockedUntil: null,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
        ...(delay === null ? {} : { nextAttemptAt: new Date(finishedAt.getTime() + delay) }),
      },
    });
    if (settled.count === 0) return 'lost';
    return status === 'pending' ? 'retrying' : status;
  });
}

/** Sends every delivery that is due now, once; returns what happened. */
export async function dispatchDueDeliveries(options: DispatchOptions = {}): Promise<DispatchSummary> {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const target: Target = { policy: options.outbound ?? config().webhooks.outbound, resolve: options.resolve, timeoutMs };
  const claims = await claimDueDeliveries(now(), options.batchSize ?? BATCH_SIZE);
  const summary: DispatchSummary = { claimed: claims.length, succeeded: 0, retrying: 0, failed: 0 };
  const results = await Promise.allSettled(claims.map((claim) => deliver(claim, now, target)));
  for (const result of results) {
    if (result.status === 'rejected') console.error('webhook delivery failed to run:', result.reason);
    else if (result.value !== 'lost') summary[result.value] += 1;
  }
  return summary;
}

/** Dispatches until nothing is due (the CLI). Deliveries scheduled for later are left for later. */
export async function dispatchUntilIdle(options: DispatchOptions = {}): Promise<DispatchSummary> {
  const total: DispatchSummary = { claimed: 0, succeeded: 0, retrying: 0, failed: 0 };
  for (;;) {
    const round = await dispatchDueDeliveries(options);
    for (const key of Object.keys(total) as (keyof DispatchSummary)[]) total[key] += round[key];
    if (round.claimed === 0) return total;
  }
}

const globalForDispatcher = globalThis as unknown as { gatehouseWebhookDispatcher?: NodeJS.Timeout };

/**
 * Dispatches in this process every WEBHOOK_DISPATCH_INTERVAL_SECONDS (0 turns it off).
 * Every app instance may run one: claims keep them from sending a delivery twice.
 */
export function startWebhookDispatcher() {
  const seconds = config().webhooks.dispatchIntervalSeconds;
  if (seconds === 0 || globalForDispatcher.gatehouseWebhookDispatcher) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await dispatchUntilIdle();
    } catch (error) {
      console.error('webhook dispatch failed:', error);
    } finally {
      running = false;
    }
  };
  globalForDispatcher.gatehouseWebhookDispatcher = setInterval(tick, seconds * 1000);
  globalForDispatcher.gatehouseWebhookDispatcher.unref();
}
