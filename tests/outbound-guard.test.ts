import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { lookup } from 'node:dns/promises';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { loadConfig } from '@/lib/config';
import { fetchOutbound, isPublicAddress, OUTBOUND_REASONS, OutboundRequestError, type HostResolver } from '@/lib/http/outbound-guard';
import { webhookEndpointSchema } from '@/lib/validation/webhooks';
import { dispatchDueDeliveries } from '@/lib/webhooks/dispatcher';
import { createWebhookEndpoint, updateWebhookEndpoint } from '@/lib/webhooks/endpoints';
import { asStaff, signUpCustomer } from './support/fixtures';

// The policies a production build runs with, read from the environment as `npm start` reads it.
const productionEnv = { NODE_ENV: 'production', EMAIL_DEV_OUTBOX: 'true', AUTH_SECRET: process.env.AUTH_SECRET };
const production = loadConfig(productionEnv);
const productionWithSwitch = loadConfig({ ...productionEnv, WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' });
const development = loadConfig({ ...productionEnv, NODE_ENV: 'development' });

/** A receiver on this machine: what an attacker would aim a "webhook" at to scan it. */
class LocalService {
  server: Server | null = null;
  port = 0;
  requests: { method: string; headers: IncomingHttpHeaders }[] = [];
  answer = 204;
  silent = false;

  async start() {
    this.server = createHttpServer((req, res) => {
      this.requests.push({ method: req.method ?? '', headers: req.headers });
      req.resume();
      if (this.silent) return; // never answers
      req.on('end', () => res.writeHead(this.answer).end());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  stop() {
    this.server?.closeAllConnections();
    return new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

const service = new LocalService();
let adminId = '';
const actor = () => asStaff(adminId);

/** A DNS the test controls: each name answers with the next address in its list (the last one repeats); other names go to the system resolver. */
function scriptedResolver(answers: Record<string, string[]>) {
  const calls: string[] = [];
  const resolve: HostResolver = async (hostname) => {
    calls.push(hostname);
    const list = answers[hostname];
    if (!list) return (await lookup(hostname, { all: true })).map((a) => ({ address: a.address, family: a.family === 6 ? (6 as const) : (4 as const) }));
    const asked = calls.filter((c) => c === hostname).length;
    const address = list[Math.min(asked, list.length) - 1]!;
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
  return { resolve, calls };
}

beforeAll(async () => {
  await service.start();
  adminId = (await db.user.findUniqueOrThrow({ where: { email: 'admin@test.example' } })).id;
});
afterAll(async () => {
  await db.webhookEndpoint.deleteMany();
  await service.stop();
});
afterEach(async () => {
  await db.webhookEndpoint.deleteMany();
  service.requests = [];
  service.answer = 204;
  service.silent = false;
});

// The vectors: this machine under every spelling, plus the networks around it.
const THIS_MACHINE = [
  'http://127.0.0.1:9/hook',
  'http://localhost:9/hook',
  'https://127.0.0.1:9/hook',
  'https://[::1]:9/hook',
  'https://127.1:9/hook',
  'https://0x7f000001:9/hook',
  'https://2130706433:9/hook',
  'https://017700000001:9/hook',
  'https://[::ffff:127.0.0.1]:9/hook',
  'https://0.0.0.0:9/hook',
];
const NEIGHBOURS = [
  'https://169.254.169.254/latest/meta-data/',
  'https://[fd00:ec2::254]/latest/meta-data/',
  'https://10.0.0.7/hook',
  'https://172.16.4.2/hook',
  'https://192.168.1.10/hook',
  'https://100.64.0.1/hook',
  'https://[fe80::1]/hook',
  'https://[fc00::1]/hook',
  'https://224.0.0.1/hook',
  'https://255.255.255.255/hook',
  'https://[::ffff:169.254.169.254]/hook',
  'https://[64:ff9b::7f00:1]/hook',
];

describe('address classification', () => {
  it('lets only public unicast addresses through', () => {
    for (const address of ['127.0.0.1', '127.255.0.1', '::1', '10.1.2.3', '172.31.255.255', '192.168.0.1', '169.254.169.254', 'fe80::1', 'fc00::1', 'fd00:ec2::254', '100.64.0.1', '100.127.255.254', '0.0.0.0', '::', '224.0.0.1', 'ff02::1', '255.255.255.255', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::a00:1']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['93.184.215.14', '8.8.8.8', '100.128.0.1', '172.32.0.1', '2606:4700:4700::1111']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });
});

describe('webhook endpoints under the production policy', () => {
  it('are refused at registration for this machine and its networks, beside the URL field', async () => {
    expect(production.webhooks.outbound).toEqual({ allowPrivateNetworks: false, allowHttp: true });
    for (const url of [...THIS_MACHINE, ...NEIGHBOURS]) {
      // The form's own rules let most of these through (https, or http to localhost): the server is what refuses them.
      const parsed = webhookEndpointSchema.safeParse({ url, eventTypes: ['user.created'] });
      if (!parsed.success) continue;
      const result = await createWebhookEndpoint(parsed.data, actor(), { outbound: production.webhooks.outbound });
      expect(result, url).toMatchObject({ ok: false, code: 'url_refused', field: 'url', error: expect.stringMatching(/private network/) });
    }
    expect(await db.webhookEndpoint.count()).toBe(0);
  });

  it('are checked again at send time: a name that resolves to this machine later is refused then, and nothing is sent', async () => {
    // Registered while the name pointed somewhere public...
    const dns = scriptedResolver({ 'hooks.partner.example': ['93.184.215.14', '127.0.0.1'] });
    const named = await createWebhookEndpoint({ url: `http://hooks.partner.example:${service.port}/hooks`, eventTypes: ['user.created'] }, actor(), { outbound: production.webhooks.outbound, resolve: dns.resolve });
    expect(named.ok).toBe(true);
    // ...and one registered outside production, where localhost is allowed, sent from a production build.
    const local = await createWebhookEndpoint({ url: `http://localhost:${service.port}/hooks`, eventTypes: ['user.created'] }, actor(), { outbound: development.webhooks.outbound });
    expect(local.ok).toBe(true);

    await signUpCustomer();
    expect(await dispatchDueDeliveries({ outbound: production.webhooks.outbound, resolve: dns.resolve })).toMatchObject({ claimed: 2, retrying: 2 });
    expect(service.requests).toHaveLength(0);
    const attempts = await db.webhookAttempt.findMany({ where: { delivery: { endpointId: { in: [named.ok ? named.id : '', local.ok ? local.id : ''] } } } });
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) expect(attempt).toMatchObject({ statusCode: null, error: 'refused: private network address' });
  });

  it('refuses an edit that points an endpoint at this machine', async () => {
    const created = await createWebhookEndpoint({ url: 'https://93.184.215.14/hooks', eventTypes: ['user.created'] }, actor(), { outbound: production.webhooks.outbound });
    if (!created.ok) throw new Error(created.error);
    const edited = await updateWebhookEndpoint(created.id, { url: 'https://0x7f000001:9/hook', eventTypes: ['user.created'] }, actor(), { outbound: production.webhooks.outbound });
    expect(edited).toMatchObject({ ok: false, code: 'url_refused', field: 'url' });
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } })).url).toBe('https://93.184.215.14/hooks');
  });

  it('are allowed with WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true, and outside production', async () => {
    expect(productionWithSwitch.webhooks.outbound.allowPrivateNetworks).toBe(true);
    expect(development.webhooks.outbound.allowPrivateNetworks).toBe(true);
    const created = await createWebhookEndpoint({ url: `http://127.0.0.1:${service.port}/hooks`, eventTypes: ['user.created'] }, actor(), { outbound: productionWithSwitch.webhooks.outbound });
    expect(created.ok).toBe(true);
    await signUpCustomer();
    expect(await dispatchDueDeliveries({ outbound: productionWithSwitch.webhooks.outbound })).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(service.requests).toHaveLength(1);
  });
});

describe('the connection is pinned to the address that was checked', () => {
  it('connects to the first answer even when the name answers differently afterwards (DNS rebinding)', async () => {
    // The name's first answer is this machine's test service; every later answer is an address nobody listens on.
    // The system resolver does not know the name at all: reaching the service proves the socket used the vetted answer.
    const dns = scriptedResolver({ 'rebind.attacker.example': ['127.0.0.1', '10.255.255.1'] });
    const response = await fetchOutbound(`http://rebind.attacker.example:${service.port}/probe`, { method: 'POST', body: '{}' }, development.webhooks.outbound, { resolve: dns.resolve });
    expect(response.status).toBe(204);
    expect(dns.calls).toEqual(['rebind.attacker.example']);
    expect(service.requests).toHaveLength(1);
    expect(service.requests[0]!.headers.host).toBe(`rebind.attacker.example:${service.port}`);
  });

  it('never connects to a private second answer after a public first one', async () => {
    const dns = scriptedResolver({ 'rebind.attacker.example': ['93.184.215.14', '127.0.0.1'] });
    // The vetted public address is unreachable from here; what matters is that the local service is never reached.
    await expect(fetchOutbound(`http://rebind.attacker.example:${service.port}/probe`, undefined, production.webhooks.outbound, { resolve: dns.resolve, timeoutMs: 1500 })).rejects.toBeInstanceOf(OutboundRequestError);
    expect(dns.calls).toEqual(['rebind.attacker.example']);
    expect(service.requests).toHaveLength(0);
  });

  it('refuses a name with any private answer among public ones', async () => {
    const resolve: HostResolver = async () => [{ address: '93.184.215.14', family: 4 }, { address: '127.0.0.1', family: 4 }];
    await expect(fetchOutbound('https://mixed.attacker.example/', undefined, production.webhooks.outbound, { resolve })).rejects.toThrow(OUTBOUND_REASONS.private_network);
  });

  it('does not follow redirects: a 3xx is the answer', async () => {
    service.answer = 302;
    const response = await fetchOutbound(`http://127.0.0.1:${service.port}/`, undefined, development.webhooks.outbound);
    expect(response.status).toBe(302);
    expect(service.requests).toHaveLength(1);
  });
});

describe('the delivery log', () => {
  it('says what happened in a few words, never the error text with internal addresses', async () => {
    const closed = new LocalService();
    await closed.start();
    const closedPort = closed.port;
    await closed.stop();
    service.silent = true;
    const urls = {
      refused: `http://127.0.0.1:${closedPort}/hooks`,
      timeout: `http://127.0.0.1:${service.port}/slow`,
      tls: `https://127.0.0.1:${service.port}/not-tls`,
      unknown: 'https://no-such-host.invalid/hooks',
    };
    const ids: Record<string, string> = {};
    for (const [name, url] of Object.entries(urls)) {
      const created = await createWebhookEndpoint({ url, eventTypes: ['user.created'] }, actor(), { outbound: development.webhooks.outbound, resolve: async (h) => (h === 'no-such-host.invalid' ? [{ address: '127.0.0.1', family: 4 }] : []) });
      if (!created.ok) throw new Error(created.error);
      ids[name] = created.id;
    }
    await signUpCustomer();
    await dispatchDueDeliveries({ outbound: development.webhooks.outbound, timeoutMs: 800, resolve: async () => { throw Object.assign(new Error('getaddrinfo ENOTFOUND no-such-host.invalid'), { code: 'ENOTFOUND' }); } });
    const errorOf = async (id: string) => (await db.webhookAttempt.findFirstOrThrow({ where: { delivery: { endpointId: id } } })).error;
    expect(await errorOf(ids.refused!)).toBe('connection refused');
    expect(await errorOf(ids.timeout!)).toBe('timed out');
    expect(await errorOf(ids.tls!)).toBe('TLS error');
    expect(await errorOf(ids.unknown!)).toBe('host not found');
    const all = await db.webhookAttempt.findMany({ where: { delivery: { endpointId: { in: Object.values(ids) } } }, select: { error: true } });
    for (const { error } of all) expect(Object.values(OUTBOUND_REASONS)).toContain(error);
  });
});
