import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { E2E_ADMIN, E2E_AUTH_SECRET } from '../playwright.config';
import { newEmail, signIn, signInWithPassword, signUpWithPassword } from './support/journeys';
import { signInAsAdministrator } from './support/staff';

// An operator scales out: two Gatehouse processes (`npm start`, as in production) on one
// PostgreSQL database and one Redis. Whatever one instance decides, the other must honour: a
// session ended, a lockout, a webhook already sent, a retention sweep already run. This journey
// brings up its own two instances on its own database in both end-to-end passes (the suite's
// servers run one process each, on SQLite in the first pass).

test.describe.configure({ mode: 'serial', timeout: 90_000 });

const postgresUrl = process.env.TEST_POSTGRES_URL;
const redisUrl = process.env.TEST_REDIS_URL;
test.skip(!postgresUrl || !redisUrl, 'Two instances need PostgreSQL and Redis: set TEST_POSTGRES_URL and TEST_REDIS_URL (CI sets both).');

/** Scheduled retention every 3 seconds on each instance, so several intervals pass within the journey. */
const RETENTION_INTERVAL_MINUTES = 0.05;

type Instance = { name: string; url: string; process: ChildProcess; output: string[] };
const instances: Instance[] = [];
let database = '';

async function freePort() {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `npm start` with the settings both instances share; its own process group, so stopping it stops npm's children too. */
function start(name: string, port: number, databaseUrl: string): Instance {
  const url = `http://localhost:${port}`;
  const child = spawn('npm', ['start'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      APP_URL: url,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      AUTH_SECRET: E2E_AUTH_SECRET,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      EMAIL_DEV_OUTBOX: 'true',
      // Production limits: each journey below speaks from client addresses of its own (a trusted
      // proxy hop names them), so the counts start at zero whatever ran on this Redis before.
      RATE_LIMIT_SCALE: '1',
      TRUSTED_PROXY_HOPS: '1',
      WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_DISPATCH_INTERVAL_SECONDS: '1',
      JOB_RUN_INTERVAL_SECONDS: '1',
      RETENTION_INTERVAL_MINUTES: String(RETENTION_INTERVAL_MINUTES),
      LOG_LEVEL: 'warn',
    },
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  return { name, url, process: child, output };
}

async function waitUntilReady(instance: Instance) {
  await expect
    .poll(
      async () => {
        if (instance.process.exitCode !== null) throw new Error(`instance ${instance.name} exited:\n${instance.output.join('')}`);
        return fetch(`${instance.url}/readyz`).then((r) => r.status, () => 0);
      },
      { timeout: 120_000, intervals: [500] },
    )
    .toBe(200);
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  database = `gatehouse_e2e_two_instances_${process.pid}`;
  const databaseUrl = execFileSync('node', ['scripts/fresh-postgres-database.mjs', database], { encoding: 'utf8' }).trim();
  const [portA, portB] = [await freePort(), await freePort()];
  // Started together on an empty database, as two replicas of one deployment are: each migrates
  // (serialised by the migration lock) and seeds.
  instances.push(start('A', portA, databaseUrl), start('B', portB, databaseUrl));
  await Promise.all(instances.map(waitUntilReady));
});

test.afterAll(async () => {
  await Promise.all(
    instances.map(
      (instance) =>
        new Promise<void>((resolve) => {
          if (instance.process.exitCode !== null) return resolve();
          instance.process.once('exit', () => resolve());
          process.kill(-instance.process.pid!, 'SIGTERM');
        }),
    ),
  );
  if (database) execFileSync('node', ['-e', dropDatabase, database], { env: process.env });
});

const dropDatabase = `
const pg = require('pg');
const admin = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
admin.connect().then(() => admin.query('DROP DATABASE IF EXISTS ' + process.argv[1] + ' WITH (FORCE)')).finally(() => admin.end());
`;

const [A, B] = [0, 1] as const;

/** A client address of this run alone (TEST-NET-3 and TEST-NET-2), as the trusted proxy in front of both instances would report it. */
function clientAddress() {
  return `${[203, 198][randomInt(2)]}.${[0, 51][randomInt(2)]}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/** A browser of its own, at one address, talking to one instance. */
async function browserAt(browser: Browser, instance: 0 | 1, address = clientAddress(), userAgent?: string) {
  const context = await browser.newContext({ baseURL: instances[instance]!.url, extraHTTPHeaders: { 'x-forwarded-for': address }, userAgent });
  return context.newPage();
}

/** The seeded administrator reads the development outbox on `instance` until the message is there. */
async function emailedLink(admin: Page, to: string, subject: string) {
  const message = admin.getByRole('article', { name: `${subject} to ${to}` });
  await expect(async () => {
    await admin.goto(`/dev/outbox?to=${encodeURIComponent(to)}`);
    await expect(message).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  return (await message.getByRole('link').first().getAttribute('href'))!;
}

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

test('a customer signs out a device on instance A, and that device is refused by instance B on its next request', async ({ browser }) => {
  const email = newEmail('two-instances');
  const laptop = await browserAt(browser, A);
  await signUpWithPassword(laptop, email);
  // The confirmation email was queued by A and is read on B: one database behind both.
  const admin = await browserAt(browser, B);
  await signInAsAdministrator(admin);
  await laptop.goto(await emailedLink(admin, email, 'Confirm your email address'));
  await laptop.getByRole('button', { name: 'Confirm email address' }).click();
  await expect(laptop).toHaveURL(/\/account/);

  const phone = await browserAt(browser, A, clientAddress(), IPHONE);
  await signIn(phone, email);
  // The phone's session, made on A, is good on B.
  await phone.goto(`${instances[B]!.url}/account`);
  await expect(phone).toHaveURL(`${instances[B]!.url}/account`);
  await expect(phone.getByRole('heading', { level: 1 })).toBeVisible();

  await laptop.goto('/account/sessions');
  const devices = laptop.getByRole('list', { name: 'Signed-in devices' });
  await expect(devices.getByRole('listitem')).toHaveCount(2);
  const phoneSession = devices.getByRole('listitem', { name: /Mobile Safari 17 on iOS 17/ });
  await phoneSession.getByRole('button', { name: 'Sign out this device' }).click();
  await expect(devices.getByRole('listitem')).toHaveCount(1);

  await phone.goto(`${instances[B]!.url}/account`);
  await expect(phone).toHaveURL(/\/sign-in/);
  await laptop.context().close();
  await phone.context().close();
  await admin.context().close();
});

test('an address locked out by failed sign-ins on instance A is locked out on instance B too', async ({ browser }) => {
  // An address nobody registered: the lockout is the only state there is, and it lives in Redis
  // (a known account's lock is also written to its row in the database).
  const target = newEmail('guessed');
  const attacker = await browserAt(browser, A);
  for (let i = 1; i <= 4; i += 1) {
    await signInWithPassword(attacker, target, `guess number ${i}`);
    await expect(attacker.getByText('That email and password do not match.', { exact: false })).toBeVisible();
  }
  await signInWithPassword(attacker, target, 'guess number 5');
  await expect(attacker.getByText(/Too many failed attempts\..*paused for 15 minutes/)).toBeVisible();

  // The next guess goes to B, from another network: the address is still locked.
  const elsewhere = await browserAt(browser, B);
  await signInWithPassword(elsewhere, target, 'guess number 6');
  await expect(elsewhere.getByText(/Too many failed attempts\..*paused for/)).toBeVisible();
  // Only that address: another one on B is checked as usual.
  await signInWithPassword(elsewhere, newEmail('other'), 'guess number 1');
  await expect(elsewhere.getByText('That email and password do not match.', { exact: false })).toBeVisible();
  await attacker.context().close();
  await elsewhere.context().close();
});

/**
 * A receiver that records every delivery sent to its own address. The path is its own because the
 * port is not: a port the OS hands out may have been another journey's receiver, whose endpoint
 * (on the suite's server) is still retrying deliveries to it. Those are answered 404 and not counted.
 */
async function startReceiver() {
  const received: { id: string; type: string; verified: boolean; at: string; userId?: string }[] = [];
  let secret = '';
  const path = `/hooks/${randomUUID()}`;
  const server: Server = createServer((req, res) => {
    if (req.url !== path) {
      req.resume();
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      let verified = true;
      try {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      const event = JSON.parse(body) as { type: string; data?: { userId?: string } };
      received.push({ id: String(req.headers['webhook-id']), type: event.type, verified, at: new Date().toISOString(), userId: event.data?.userId });
      res.writeHead(verified ? 200 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    received,
    useSecret: (value: string) => (secret = value),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('two dispatchers, one on each instance, deliver each event exactly once', async ({ browser }) => {
  const receiver = await startReceiver();
  const admin = await browserAt(browser, A);
  await signInAsAdministrator(admin);
  await admin.goto('/admin/webhooks');
  await admin.getByLabel('Endpoint URL').fill(receiver.url);
  await admin.getByLabel(/user\.created/).check();
  await admin.getByRole('button', { name: 'Register endpoint' }).click();
  const secretField = admin.getByLabel('Signing secret');
  await expect(secretField).toHaveValue(/^whsec_/);
  receiver.useSecret(await secretField.inputValue());

  // Six sign-ups, three on each instance, in one burst: both dispatchers find them due together.
  const signUps = 6;
  const customers = await Promise.all(Array.from({ length: signUps }, (_, i) => browserAt(browser, i % 2 === 0 ? A : B)));
  await Promise.all(customers.map((page) => signUpWithPassword(page, newEmail('webhook-two-instances'))));
  await Promise.all(customers.map((page) => page.context().close()));

  // The delivery log, read on B, until every delivery is settled.
  await admin.getByRole('link', { name: 'Open the new endpoint and its delivery log' }).click();
  await expect(admin.getByRole('heading', { name: receiver.url })).toBeVisible();
  const log = `${instances[B]!.url}${new URL(admin.url()).pathname}`;
  const reader = await browserAt(browser, B);
  await signInAsAdministrator(reader);
  const delivered = reader.getByRole('row').filter({ hasText: 'user.created' }).filter({ hasText: 'Delivered' });
  await expect(async () => {
    await reader.goto(log);
    await expect(delivered).toHaveCount(signUps, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  for (const row of await delivered.all()) await expect(row.getByRole('cell').nth(3).locator('summary')).toHaveText('1');

  // It failed once with 10 deliveries, some unverified, when this receiver still listened on a bare
  // /hooks (see startReceiver); the message says what arrived, should it happen again.
  expect(receiver.received, `received: ${JSON.stringify(receiver.received)}`).toHaveLength(signUps);
  expect(new Set(receiver.received.map((r) => r.id)).size).toBe(signUps);
  expect(receiver.received.every((r) => r.type === 'user.created' && r.verified)).toBe(true);
  await receiver.close();
  await admin.context().close();
  await reader.context().close();
});

test('with both instances on the schedule, one retention sweep runs per interval', async ({ browser }) => {
  const officer = await browserAt(browser, A);
  await signInAsAdministrator(officer);
  await officer.goto('/admin/retention');
  const outbox = officer.getByRole('region', { name: 'Development outbox' });
  await outbox.getByLabel('Keep for (days)').fill('30');
  await outbox.getByLabel('Enabled').check();
  await outbox.getByRole('button', { name: 'Save policy' }).click();
  await expect(outbox.getByText('Development outbox: saved and enabled.')).toBeVisible();

  // Both instances tick every interval; the run history (on B) fills with scheduled sweeps.
  const reader = await browserAt(browser, B);
  await signInAsAdministrator(reader);
  const scheduled = reader.getByRole('table', { name: 'Run history, newest first' }).getByRole('row').filter({ hasText: 'Development outbox' }).filter({ hasText: 'Schedule' });
  await expect(async () => {
    await reader.goto('/admin/retention');
    expect(await scheduled.count()).toBeGreaterThanOrEqual(4);
  }).toPass({ timeout: 40_000 });

  // Each sweep began a whole claimed interval (nine tenths of one) after the one before it,
  // whichever instance ran it; two instances each sweeping in turn would come closer together.
  const started = (await scheduled.locator('time').evaluateAll((times) => times.map((t) => Date.parse(t.getAttribute('datetime')!)))).sort((x, y) => x - y);
  const intervalMs = RETENTION_INTERVAL_MINUTES * 60_000;
  const gaps = started.slice(1).map((t, i) => t - started[i]!);
  // The claim is taken just before the sweep's row is written; a few hundred milliseconds cover that.
  for (const gap of gaps) expect(gap).toBeGreaterThan(0.9 * intervalMs - 300);
  await officer.context().close();
  await reader.context().close();
});
