import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { afterLease } from '@/lib/jobs/lease';

describe('leases', () => {
  it('lets many contenders take turns on one lease, however their inserts and releases interleave', async () => {
    const name = `race-${Date.now()}`;
    let inside = 0;
    let most = 0;
    let done = 0;
    // Each contender that loses the insert to a holder which then releases at once must wait its
    // turn, not fail: two replicas seeding one new database meet exactly this.
    await Promise.all(
      Array.from({ length: 40 }, () =>
        afterLease(name, { ttlMs: 10_000, waitMs: 60_000 }, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolve) => setImmediate(resolve));
          inside -= 1;
          done += 1;
        }),
      ),
    );
    expect(done).toBe(40);
    expect(most).toBe(1);
    expect(await db.jobLease.findUnique({ where: { name } })).toBeNull();
  });
});
