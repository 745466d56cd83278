import 'server-only';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { db, type Db } from '@/lib/db/client';

/**
 * A named lease in the JobLease table, so that with several app instances (or an instance
 * and a cron job) only one runs a background job at a time. Acquisition is a single
 * conditional UPDATE (take the row if it expired or is already ours) or a single INSERT
 * (the primary key refuses a second one): both are atomic on SQLite and PostgreSQL, so
 * two contenders can never both see success. A holder that dies stops renewing, and the
 * lease passes on once it expires.
 */

/** Who this process is, as a lease holder: host, pid and a random tag for this process's life. */
export const THIS_PROCESS = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

export type Lease = { name: string; holder: string };

export async function acquireLease(name: string, ttlMs: number, holder = THIS_PROCESS, now = new Date(), client: Db = db): Promise<Lease | null> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const taken = await client.jobLease.updateMany({
    where: { name, OR: [{ expiresAt: { lt: now } }, { holder }] },
    data: { holder, expiresAt },
  });
  if (taken.count === 1) return { name, holder };
  try {
    await client.jobLease.create({ data: { name, holder, expiresAt } });
    return { name, holder };
  } catch (error) {
    // The insert lost to a lease held at that moment (unique violation): not ours, whether or not
    // its holder has released it since (then the next try takes it). Anything else is a failure.
    if ((error as { code?: unknown } | null)?.code === 'P2002') return null;
    throw error;
  }
}

/** Extends a lease still held; false if it expired and another holder took it. */
export async function renewLease(lease: Lease, ttlMs: number, now = new Date()) {
  const renewed = await db.jobLease.updateMany({ where: { name: lease.name, holder: lease.holder }, data: { expiresAt: new Date(now.getTime() + ttlMs) } });
  return renewed.count === 1;
}

export async function releaseLease(lease: Lease, client: Db = db) {
  await client.jobLease.deleteMany({ where: { name: lease.name, holder: lease.holder } });
}

/**
 * Runs `work` under the lease, waiting (up to `waitMs`) while another holder has it: for a step
 * every instance must see done before it goes on, such as seeding a new database.
 */
export async function afterLease<T>(name: string, options: { ttlMs: number; waitMs: number; client?: Db }, work: () => Promise<T>): Promise<T> {
  const holder = `${THIS_PROCESS}:${randomBytes(4).toString('hex')}`;
  const giveUpAt = Date.now() + options.waitMs;
  let lease: Lease | null;
  while (!(lease = await acquireLease(name, options.ttlMs, holder, new Date(), options.client))) {
    if (Date.now() > giveUpAt) throw new Error(`Waited ${Math.round(options.waitMs / 1000)} s for another process holding the "${name}" lease.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    return await work();
  } finally {
    await releaseLease(lease, options.client);
  }
}

/**
 * Takes the lease for `ttlMs` and keeps it (it is never released): a claim on a stretch of time,
 * such as one interval of a schedule every instance ticks on. Null if another holder has it.
 */
export function claimPeriod(name: string, ttlMs: number, now = new Date()): Promise<Lease | null> {
  // A holder of its own, so a second claim from this process is refused like anyone else's.
  return acquireLease(name, ttlMs, `${THIS_PROCESS}:${randomBytes(4).toString('hex')}`, now);
}

/** Runs `work` under the lease, or returns { acquired: false } at once if another holder has it. */
export async function withLease<T>(name: string, ttlMs: number, work: (lease: Lease) => Promise<T>): Promise<{ acquired: true; result: T } | { acquired: false }> {
  // A random holder per call, so two runs in one process exclude each other as well.
  const lease = await acquireLease(name, ttlMs, `${THIS_PROCESS}:${randomBytes(4).toString('hex')}`);
  if (!lease) return { acquired: false };
  try {
    return { acquired: true, result: await work(lease) };
  } finally {
    await releaseLease(lease);
  }
}
