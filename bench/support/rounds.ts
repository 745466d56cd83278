// The benches' one way of timing a query: run it some rounds, print its median and p95.
import { performance } from 'node:perf_hooks';

export function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]! };
}

/** Runs `run` `rounds` times one after another and prints the median and p95 time of a round. */
export async function timeRounds(label: string, rounds: number, run: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  const { median, p95 } = percentiles(samples);
  console.log(`${label.padEnd(40)} median ${median.toFixed(1).padStart(8)} ms   p95 ${p95.toFixed(1).padStart(8)} ms`);
}
