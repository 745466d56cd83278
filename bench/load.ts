// Launch-day load: requests/s and latency of Gatehouse's hot paths against a production build,
// at a fixed concurrency, next to the floor they cannot beat (argon2id hashing, a static file),
// and the ratios issue 10 sets as targets. Run: npm run build && npm run bench:load
//   BENCH_DATABASE_URL=postgresql://…/empty_db   also measures on PostgreSQL, in the same run
//   BENCH_URL=http://host:port with DATABASE_URL and METRICS_TOKEN of that server: measure it instead
//   BENCH_SECONDS (10), BENCH_CONCURRENCY (8), BENCH_ONLY=sqlite|postgresql
//   BENCH_SCENARIOS=sign-in,session   only the scenarios whose names contain one of these
//   BENCH_CPU_PROF=<dir>   the server runs under node --cpu-prof and writes its profile there on exit
//                          (summarize it with npm run bench:profile -- <dir>/*.cpuprofile)
// The per-IP limits are scaled out of the way (RATE_LIMIT_SCALE) and the lockout threshold raised,
// as an operator's load test would; every check, audit event and transaction stays.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { hash, verify } from '@node-rs/argon2';
import { processCpuMs, runLoad, send, summarize, type LoadResult, type Scenario } from './support/http-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP = Math.min(2, SECONDS / 4);
const SECRET = process.env.AUTH_SECRET ?? 'bench-secret-bench-secret-bench-secret-bench';
const METRICS_TOKEN = process.env.METRICS_TOKEN ?? 'bench-metrics-token-bench-metrics-token';
const PASSWORD = 'bench passphrase for load 2026';
/** Sign-ins spread over this many accounts, as launch-day traffic is. */
const USERS = 64;
/** The management API allows 600 calls a minute per client (unscaled): enough clients that the bench measures the API, not that limit. */
const API_CLIENTS = 24;
// Same parameters as lib/auth/passwords.ts.
const ARGON2 = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

type Measure = { name: string; result: LoadResult };
type Run = { database: string; measures: Measure[]; statements: { label: string; total: number; inTransaction: number }[] };

function row(name: string, r: LoadResult) {
  const ms = (v: number) => `${v.toFixed(1).padStart(7)} ms`;
  const errors = r.errors ? `   ${r.errors} wrong answers (first: ${r.firstError})` : '';
  const cpu = r.cpuMsPerRequest === undefined ? '' : `  CPU ${r.cpuMsPerRequest.toFixed(2).padStart(6)} ms`;
  return `${name.padEnd(44)} ${r.perSecond.toFixed(1).padStart(8)}/s  p50 ${ms(r.p50)}  p95 ${ms(r.p95)}  p99 ${ms(r.p99)}${cpu}${errors}`;
}

/** The argon2id floor: verifies/s of the same hash at the same concurrency, in a Node process of its own (no server in the way). */
async function argon2Floor(): Promise<LoadResult> {
  const stored = await hash(PASSWORD, ARGON2);
  const latencies: number[] = [];
  const warmupEnds = performance.now() + WARMUP * 1000;
  const ends = warmupEnds + SECONDS * 1000;
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  let cpuUsed: NodeJS.CpuUsage | undefined;
  let verifiedInWindow = 0;
  const timers = [setTimeout(() => (cpuAtStart = process.cpuUsage()), WARMUP * 1000), setTimeout(() => (cpuUsed = process.cpuUsage(cpuAtStart)), (WARMUP + SECONDS) * 1000)];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const start = performance.now();
        if (start >= ends) return;
        await verify(stored, PASSWORD);
        const end = performance.now();
        if (end >= warmupEnds && end <= ends) verifiedInWindow += 1;
        if (start >= warmupEnds && end <= ends) latencies.push(end - start);
      }
    }),
  );
  for (const timer of timers) clearTimeout(timer);
  const result = summarize(latencies, 0, SECONDS);
  if (cpuUsed && verifiedInWindow) result.cpuMsPerRequest = (cpuUsed.user + cpuUsed.system) / 1000 / verifiedInWindow;
  return result;
}

function freePortFor(database: string) {
  return database === 'sqlite' ? 3390 : 3391;
}

async function waitReady(base: URL, server: ChildProcess) {
  const agent = new Agent();
  for (let i = 0; i < 600; i += 1) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) before it was ready`);
    try {
      if ((await send(base, agent, { path: '/readyz' })).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the server was not ready within 150 s');
}

/** A production server (`npm start` without its npm wrapper) on a database of its own. */
async function startServer(databaseUrl: string, port: number) {
  const env = {
    ...process.env,
    NODE_ENV: 'production' as const,
    PORT: String(port),
    APP_URL: `http://localhost:${port}`,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: SECRET,
    METRICS_TOKEN,
    EMAIL_DEV_OUTBOX: 'true',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_SCALE: '1000000',
    LOCKOUT_THRESHOLD: '1000000',
    RETENTION_INTERVAL_MINUTES: '0',
  };
  execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/db-prepare.ts'], { env, stdio: 'ignore' });
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const server = spawn(process.execPath, [...profile, '--import', 'tsx', 'scripts/server.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = new URL(`http://localhost:${port}`);
  await waitReady(base, server);
  return { base, server };
}

/** The id Next.js gave the sign-in form's server action in this build. */
function signInActionId() {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as { node: Record<string, { filename: string; exportedName: string }> };
  const found = Object.entries(manifest.node).find(([, ref]) => ref.exportedName === 'passwordSignInAction' && ref.filename.includes('(auth)/actions'));
  if (!found) throw new Error('passwordSignInAction is not in .next/server/server-reference-manifest.json: run npm run build');
  return found[0];
}

/** Accounts and API clients, written through Gatehouse's own functions into the server's database. */
async function seedFor(databaseUrl: string) {
  process.env.DATABASE_URL = databaseUrl;
  process.env.AUTH_SECRET = SECRET;
  process.env.RATE_LIMIT_SCALE = '1000000';
  const { signUp } = await import('../lib/auth/sign-up');
  const { registerClient } = await import('../lib/oidc/clients');
  const { db } = await import('../lib/db/client');
  const tag = Date.now().toString(36);
  const emails: string[] = [];
  for (let i = 0; i < USERS; i += 1) {
    const email = `load-${tag}-${i}@bench.test`;
    const result = await signUp({ email, method: 'password', password: PASSWORD, acceptTerms: true }, { ip: `10.9.${i}.1`, userAgent: 'bench' });
    if (!result.ok) throw new Error(`sign-up failed: ${JSON.stringify(result)}`);
    emails.push(email);
  }
  // Customers who have answered every profile field asked at sign-in, so that every sign-in lands
  // where it was sent rather than on the profile interstitial (which counts as a wrong answer).
  const users = await db.user.findMany({ where: { email: { in: emails } }, select: { id: true } });
  const asked = await db.profileField.findMany({ where: { active: true, askWhen: { in: ['sign_up', 'after_sign_ins'] } } });
  const answer = (f: (typeof asked)[number]) => (f.type === 'date' ? '1990-01-01' : f.type === 'tel' ? '+441632960000' : f.options ? f.options.split(',')[0]! : 'Load');
  await db.userAttribute.createMany({
    data: users.flatMap((u) => asked.map((f) => ({ userId: u.id, key: f.key, value: answer(f), searchValue: answer(f).toLowerCase() }))),
  });
  const clients: { id: string; secret: string }[] = [];
  for (let i = 0; i < API_CLIENTS; i += 1) {
    const registered = await registerClient({ name: `Load ${tag} ${i}`, type: 'confidential', redirectUris: [], grantTypes: ['client_credentials'], scopes: ['users:read'] });
    if (!registered.ok) throw new Error(registered.error);
    clients.push({ id: registered.clientId, secret: registered.clientSecret! });
  }
  await db.$disconnect();
  return { emails, clients };
}

function cookiesOf(setCookie: string[] | undefined) {
  return (setCookie ?? []).map((c) => c.split(';')[0]).join('; ');
}

async function statementCount(base: URL, agent: Agent) {
  const text = (await send(base, agent, { path: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body;
  const read = (scope: string) => Number(new RegExp(`^gatehouse_db_statements_total\\{scope="${scope}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { single: read('single'), transaction: read('transaction') };
}

/**
 * SQL statements per request, from the server's driver-adapter counter: `count` requests one
 * after another, less what the background loops sent meanwhile (measured idle just before).
 */
async function statementsPer(base: URL, label: string, count: number, request: (i: number) => Promise<void>) {
  const agent = new Agent({ keepAlive: true });
  const idleStart = await statementCount(base, agent);
  const idleSince = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idleEnd = await statementCount(base, agent);
  const idleSeconds = (performance.now() - idleSince) / 1000;
  const before = await statementCount(base, agent);
  const since = performance.now();
  for (let i = 0; i < count; i += 1) await request(i);
  const after = await statementCount(base, agent);
  const seconds = (performance.now() - since) / 1000;
  const idle = (scope: 'single' | 'transaction') => ((idleEnd[scope] - idleStart[scope]) / idleSeconds) * seconds;
  const inTransaction = (after.transaction - before.transaction - idle('transaction')) / count;
  const total = inTransaction + (after.single - before.single - idle('single')) / count;
  agent.destroy();
  return { label, total, inTransaction };
}

async function measure(database: string, databaseUrl: string): Promise<Run> {
  const external = process.env.BENCH_URL;
  const started = external ? null : await startServer(databaseUrl, freePortFor(database));
  const base = started?.base ?? new URL(external!);
  const serverCpu = started ? processCpuMs(started.server.pid!) : undefined;
  try {
    const { emails, clients } = await seedFor(databaseUrl);
    const actionId = signInActionId();
    const origin = base.origin;
    const signInRequest = (i: number, next: string) => ({
      method: 'POST',
      path: '/sign-in',
      headers: { 'next-action': actionId, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8', origin },
      body: JSON.stringify([{ email: emails[i % emails.length], password: PASSWORD, next }]),
    });
    const signedInTo = (next: string) => (a: { status: number; headers: Record<string, unknown> }) => a.status < 400 && String(a.headers['x-action-redirect'] ?? '').startsWith(next);

    // One session for the session-checked requests, from a real sign-in.
    const agent = new Agent({ keepAlive: true });
    const first = await send(base, agent, signInRequest(0, '/icon.svg'));
    if (!signedInTo('/icon.svg')(first)) throw new Error(`the bench sign-in did not sign in (${first.status} ${String(first.headers['x-action-redirect'])}): ${first.body.slice(0, 200)}`);
    const cookie = cookiesOf(first.headers['set-cookie']);

    const tokenFor = (c: { id: string; secret: string }) => ({
      method: 'POST',
      path: '/oidc/token',
      headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(c.id)}:${encodeURIComponent(c.secret)}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=users%3Aread',
    });
    const apiTokens = await Promise.all(clients.map(async (c) => (JSON.parse((await send(base, agent, tokenFor(c))).body) as { access_token: string }).access_token));
    agent.destroy();

    const scenarios: [string, Scenario][] = [
      ['password sign-in (next=/icon.svg, no page render)', { next: (_w, i) => signInRequest(i, '/icon.svg'), expect: signedInTo('/icon.svg') }],
      ['password sign-in landing on /account', { next: (_w, i) => signInRequest(i, '/account'), expect: signedInTo('/account') }],
      ['GET /api/auth/session (session cookie)', { next: () => ({ path: '/api/auth/session', headers: { cookie } }), expect: (a) => a.status === 200 && a.body.includes('"user"') }],
      ['GET /account (session check and page render)', { next: () => ({ path: '/account', headers: { cookie } }), expect: (a) => a.status === 200 }],
      ['POST /oidc/token (client credentials)', { next: (_w, i) => tokenFor(clients[i % clients.length]!), expect: (a) => a.status === 200 && a.body.includes('access_token') }],
      ['GET /api/v1/users (management API)', { next: (_w, i) => ({ path: '/api/v1/users?limit=20', headers: { authorization: `Bearer ${apiTokens[i % apiTokens.length]}` } }), expect: (a) => a.status === 200 }],
      ['GET /icon.svg (static file, same server)', { next: () => ({ path: '/icon.svg' }), expect: (a) => a.status === 200 }],
      ['GET /sign-in (page render)', { next: () => ({ path: '/sign-in' }), expect: (a) => a.status === 200 }],
    ];
    const wanted = process.env.BENCH_SCENARIOS?.split(',').map((w) => w.trim().toLowerCase());
    const chosen = wanted ? scenarios.filter(([name]) => wanted.some((w) => name.toLowerCase().includes(w))) : scenarios;
    const measures: Measure[] = [];
    console.log(`\n${database}: ${SECONDS} s each after ${WARMUP} s of warm-up, concurrency ${CONCURRENCY}`);
    for (const [name, scenario] of chosen) {
      const result = await runLoad(base, scenario, { concurrency: CONCURRENCY, seconds: SECONDS, warmupSeconds: WARMUP, cpuMs: serverCpu });
      measures.push({ name, result });
      console.log(row(name, result));
    }

    const serial = new Agent({ keepAlive: true });
    const statements = [
      await statementsPer(base, 'password sign-in', 30, async (i) => void (await send(base, serial, signInRequest(i, '/icon.svg')))),
      await statementsPer(base, 'session check (GET /api/auth/session)', 100, async () => void (await send(base, serial, { path: '/api/auth/session', headers: { cookie } }))),
      await statementsPer(base, 'client-credentials token', 30, async (i) => void (await send(base, serial, tokenFor(clients[i % clients.length]!)))),
    ];
    serial.destroy();
    for (const s of statements) console.log(`SQL statements per ${s.label.padEnd(38)} ${s.total.toFixed(1).padStart(5)} (${s.inTransaction.toFixed(1)} in transactions, BEGIN and COMMIT included)`);
    return { database, measures, statements };
  } finally {
    started?.server.kill('SIGTERM');
    if (started) await new Promise((resolve) => started.server.once('exit', resolve));
  }
}

function ratios(floor: LoadResult, run: Run) {
  // A scenario left out (BENCH_SCENARIOS) makes its ratios NaN, shown as "—".
  const none: LoadResult = { requests: 0, errors: 0, perSecond: Number.NaN, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN };
  const rate = (prefix: string) => run.measures.find((m) => m.name.startsWith(prefix))?.result ?? none;
  const staticFile = rate('GET /icon.svg').perSecond;
  return [
    { what: 'sign-in / argon2 floor', target: '≥ 0.65', value: rate('password sign-in (next').perSecond / floor.perSecond, met: (v: number) => v >= 0.65 },
    { what: 'session JSON / static file', target: '≥ 1.0', value: rate('GET /api/auth/session').perSecond / staticFile, met: (v: number) => v >= 1 },
    { what: 'client credentials / static file', target: '≥ 0.7', value: rate('POST /oidc/token').perSecond / staticFile, met: (v: number) => v >= 0.7 },
    { what: '/account / static file', target: '≥ 0.35', value: rate('GET /account').perSecond / staticFile, met: (v: number) => v >= 0.35 },
    { what: `p99 of the session check at concurrency ${CONCURRENCY}`, target: '< 20 ms', value: rate('GET /api/auth/session').p99, met: (v: number) => v < 20, unit: ' ms' },
  ];
}

async function main() {
  if (!process.env.BENCH_URL && !existsSync('.next/BUILD_ID')) throw new Error('No production build: run npm run build first');
  const only = process.env.BENCH_ONLY;
  const targets: [string, string][] = [];
  if (process.env.BENCH_URL) {
    if (!process.env.DATABASE_URL) throw new Error('BENCH_URL needs the DATABASE_URL of that server (the bench seeds accounts and API clients into it)');
    targets.push([process.env.DATABASE_URL.startsWith('postgres') ? 'postgresql' : 'sqlite', process.env.DATABASE_URL]);
  } else {
    if (only !== 'postgresql') targets.push(['sqlite', `file:${join(mkdtempSync(join(tmpdir(), 'gatehouse-load-')), 'load.db')}`]);
    if (process.env.BENCH_DATABASE_URL && only !== 'sqlite') targets.push(['postgresql', process.env.BENCH_DATABASE_URL]);
  }

  console.log(`Gatehouse under load: ${CONCURRENCY} concurrent clients, argon2id m=19456 t=2 p=1`);
  const floor = await argon2Floor();
  console.log(row('argon2id verify, @node-rs/argon2 (the floor)', floor));

  // Each database in a child process of its own: lib/db picks its database once per process.
  const runs: Run[] = [];
  const results = mkdtempSync(join(tmpdir(), 'gatehouse-load-results-'));
  for (const [database, url] of targets) {
    const file = join(results, `${database}.json`);
    execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_CHILD: database, BENCH_CHILD_URL: url, BENCH_CHILD_RESULT: file },
      stdio: 'inherit',
    });
    runs.push(JSON.parse(readFileSync(file, 'utf8')) as Run);
  }

  console.log(`\n${'ratio'.padEnd(40)} ${'target'.padEnd(8)} ${runs.map((r) => r.database.padStart(16)).join(' ')}`);
  const table = runs.map((r) => ratios(floor, r));
  for (let i = 0; i < table[0]!.length; i += 1) {
    const first = table[0]![i]!;
    const cells = table.map((t) => {
      const { value, met, unit } = t[i]! as { value: number; met: (v: number) => boolean; unit?: string };
      return (Number.isNaN(value) ? '—' : `${value.toFixed(2)}${unit ?? ''} ${met(value) ? 'met' : 'not met'}`).padStart(16);
    });
    console.log(`${first.what.padEnd(40)} ${first.target.padEnd(8)} ${cells.join(' ')}`);
  }
  console.log(`resident memory of the bench ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`);
}

async function child() {
  const run = await measure(process.env.BENCH_CHILD!, process.env.BENCH_CHILD_URL!);
  writeFileSync(process.env.BENCH_CHILD_RESULT!, JSON.stringify(run));
}

(process.env.BENCH_CHILD ? child() : main()).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
