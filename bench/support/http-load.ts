// A closed-loop HTTP load generator: `concurrency` workers, each sending its next request as
// soon as the previous one is answered, over keep-alive connections, for a fixed time. Node's
// own http client, so the numbers measure the server, not a library's batching.
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export type LoadRequest = { method?: string; path: string; headers?: Record<string, string>; body?: string };
export type LoadAnswer = { status: number; headers: IncomingHttpHeaders; body: string };
/** What a worker sends for its i-th request, and how to tell a right answer from a wrong one. */
export type Scenario = { next: (worker: number, i: number) => LoadRequest; expect: (answer: LoadAnswer) => boolean };

export type LoadResult = {
  requests: number; errors: number; perSecond: number; p50: number; p95: number; p99: number; firstError?: string;
  /** CPU the measured process spent per request answered in the window, all its threads: steadier than requests/s on a shared machine. */
  cpuMsPerRequest?: number;
};

export function send(base: URL, agent: Agent, req: LoadRequest): Promise<LoadAnswer> {
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      { host: base.hostname, port: base.port, method: req.method ?? 'GET', path: req.path, headers: req.headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

function percentile(sorted: number[], q: number) {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function summarize(latencies: number[], errors: number, seconds: number, firstError?: string): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: latencies.length, errors, perSecond: latencies.length / seconds, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), firstError };
}

/** Runs a warm-up, then measures for `seconds`: only requests that start and end in the window count. */
export async function runLoad(base: URL, scenario: Scenario, options: { concurrency: number; seconds: number; warmupSeconds: number; cpuMs?: () => number }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const warmupEnds = performance.now() + options.warmupSeconds * 1000;
  const ends = warmupEnds + options.seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let counter = 0;
  let answeredInWindow = 0;
  let cpuAtStart = 0;
  let cpuAtEnd = 0;
  const timers = options.cpuMs
    ? [setTimeout(() => (cpuAtStart = options.cpuMs!()), options.warmupSeconds * 1000), setTimeout(() => (cpuAtEnd = options.cpuMs!()), (options.warmupSeconds + options.seconds) * 1000)]
    : [];
  const worker = async (w: number) => {
    for (;;) {
      const start = performance.now();
      if (start >= ends) return;
      const req = scenario.next(w, counter++);
      let ok = false;
      let problem = '';
      try {
        const answer = await send(base, agent, req);
        ok = scenario.expect(answer);
        if (!ok) problem = `${req.method ?? 'GET'} ${req.path} → ${answer.status} ${answer.body.slice(0, 160)}`;
      } catch (error) {
        problem = `${req.path}: ${error instanceof Error ? error.message : String(error)}`;
      }
      const end = performance.now();
      if (end >= warmupEnds && end <= ends) answeredInWindow += 1;
      if (start < warmupEnds || end > ends) continue;
      if (ok) latencies.push(end - start);
      else {
        errors += 1;
        firstError ??= problem;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  agent.destroy();
  for (const timer of timers) clearTimeout(timer);
  const result = summarize(latencies, errors, options.seconds, firstError);
  if (options.cpuMs && cpuAtEnd > 0 && answeredInWindow > 0) result.cpuMsPerRequest = (cpuAtEnd - cpuAtStart) / answeredInWindow;
  return result;
}

/** A Linux process's CPU time so far, every thread, user and system, in ms (from /proc; undefined elsewhere). */
export function processCpuMs(pid: number): (() => number) | undefined {
  if (!existsSync(`/proc/${pid}/stat`)) return undefined;
  const tick = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);
  return () => {
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * tick;
  };
}
