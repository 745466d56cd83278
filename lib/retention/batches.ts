import 'server-only';
import { db, type Tx } from '@/lib/db/client';

export const DEFAULT_BATCH_SIZE = 500;

/**
 * Deletes in transactions of at most `batchSize` rows until nothing is left to find, so a
 * large purge never holds one giant transaction (or lock) for its whole length. `find`
 * must stop returning rows once they are gone, or the loop would not end.
 */
export async function inBatches(
  batchSize: number,
  find: (tx: Tx, take: number) => Promise<string[]>,
  remove: (tx: Tx, ids: string[]) => Promise<number>,
): Promise<{ removed: number; batches: number }> {
  let removed = 0;
  let batches = 0;
  for (;;) {
    const found = await db.$transaction(async (tx) => {
      const ids = await find(tx, batchSize);
      if (ids.length) removed += await remove(tx, ids);
      return ids.length;
    });
    if (found) batches += 1;
    if (found < batchSize) return { removed, batches };
  }
}
