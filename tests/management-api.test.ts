import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { sealAuditEvents } from '@/lib/audit/sealer';
import { config } from '@/lib/config';
import { findActiveSession } from '@/lib/auth/sessions';
import { requestSchemaOf } from '@/lib/api/openapi';
import { OPERATIONS } from '@/lib/api/operations';
import { registerClient } from '@/lib/oidc/clients';
import { handleOidcRequest } from '@/lib/oidc/handle-request';
import { consumeLimit } from '@/lib/rate-limit/limiters';
import type { ManagementApiScope } from '@/lib/validation/management-api';
import * as users from '@/app/api/v1/users/route';
import * as user from '@/app/api/v1/users/[id]/route';
import * as suspend from '@/app/api/v1/users/[id]/suspend/route';
import * as reactivate from '@/app/api/v1/users/[id]/reactivate/route';
import * as sessions from '@/app/api/v1/users/[id]/sessions/route';
import * as oneSession from '@/app/api/v1/users/[id]/sessions/[sessionId]/route';
import * as auditEvents from '@/app/api/v1/audit-events/route';
import * as openapi from '@/app/api/v1/openapi.json/route';
import * as roles from '@/app/api/v1/roles/route';
import * as oneRole from '@/app/api/v1/roles/[role]/route';
import * as userRoles from '@/app/api/v1/users/[id]/roles/route';
import * as userRole from '@/app/api/v1/users/[id]/roles/[role]/route';
import * as consents from '@/app/api/v1/users/[id]/consents/route';
import * as requests from '@/app/api/v1/data-subject-requests/route';
import * as oneRequest from '@/app/api/v1/data-subject-requests/[id]/route';
import * as completeRequest from '@/app/api/v1/data-subject-requests/[id]/complete/route';
import * as rejectRequest from '@/app/api/v1/data-subject-requests/[id]/reject/route';
import { assignRole, STAFF_ACCOUNT_VIA_API } from '@/lib/rbac/assignments';
import { asStaff, lastEmailTo, seededAdministrator, signUpCustomer, uniqueEmail } from './support/fixtures';
import { fileRequest } from '@/lib/dsr/staff-requests';
import { sessionFor } from './support/sessions';

// The real route handlers, called with real client-credentials tokens from the real provider.

type Scope = ManagementApiScope;

/** Registers a machine client and gets a token for `scopes` from the provider's token endpoint. */
async function machineClient(scopes: Scope[], requested: string[] = scopes) {
  const registered = await registerClient({ name: `Integration with ${scopes.length} scopes`, type: 'confidential', redirectUris: [], grantTypes: ['client_credentials'], scopes });
  if (!registered.ok) throw new Error(registered.error);
  const form = new URLSearchParams({ grant_type: 'client_credentials', scope: requested.join(' ') }).toString();
  const response = await handleOidcRequest(
    new Request(`${config().appUrl}/oidc/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // As on the wire: the provider reads a body only when its length is declared.
        'content-length': String(Buffer.byteLength(form)),
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(registered.clientId)}:${encodeURIComponent(registered.clientSecret!)}`).toString('base64')}`,
      },
      body: form,
    }),
  );
  const body = (await response.json()) as { access_token?: string; scope?: string; error?: string };
  return { clientId: registered.clientId, status: response.status, token: body.access_token, grantedScope: body.scope, error: body.error };
}

async function tokenFor(scopes: Scope[]) {
  const client = await machineClient(scopes);
  if (!client.token) throw new Error(`no token: ${client.error}`);
  return { clientId: client.clientId, token: client.token };
}

const ALL: Scope[] = ['users:read', 'users:write', 'sessions:read', 'sessions:write', 'audit:read', 'roles:read', 'roles:write', 'consents:read', 'consents:write', 'dsr:read', 'dsr:write', 'dsr:process'];

type Handler = (request: Request, route?: { params: Promise<Record<string, string>> }) => Promise<Response>;

function call(handler: Handler, token: string | null, options: { path?: string; query?: Record<string, string>; body?: unknown; params?: Record<string, string> } = {}) {
  const url = new URL(`${config().appUrl}/api/v1${options.path ?? '/'}`);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers({ 'user-agent': 'management-api-test' });
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  const request = new Request(url, { method: 'POST', headers, body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body) });
  return handler(request, { params: Promise.resolve(options.params ?? {}) });
}

async function json<T = Record<string, unknown>>(response: Response) {
  return (await response.json()) as T;
}

describe('management API: authentication and authorisation', () => {
  it('answers 401 problem details without a token or with a token the provider did not issue', async () => {
    for (const token of [null, 'not-a-real-token', 'A'.repeat(43)]) {
      const response = await call(users.GET, token);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await json(response)).toMatchObject({ status: 401, type: expect.stringContaining('unauthorized'), title: expect.any(String) });
    }
  });

  it('issues only the scopes registered for the client, and answers 403 for a missing scope', async () => {
    const greedy = await machineClient(['users:read'], ['users:read', 'users:write']);
    expect(greedy.status).toBe(400);
    expect(greedy.error).toBe('invalid_scope');

    const { token, clientId } = await tokenFor(['users:read']);
    const customer = await signUpCustomer();
    const response = await call(suspend.POST, token, { params: { id: customer.user.id }, body: { reason: 'Chargeback fraud' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('scope="users:write"');
    expect(await json(response)).toMatchObject({ status: 403, detail: expect.stringContaining('users:write') });
    expect((await db.user.findUniqueOrThrow({ where: { id: customer.user.id } })).status).toBe('active');
    await sealAuditEvents();
    const audited = await db.auditEvent.findFirstOrThrow({ where: { action: 'api.request', actorId: clientId }, orderBy: { sequence: 'desc' } });
    expect(audited).toMatchObject({ actorType: 'client', result: 'failure', targetId: customer.user.id });
    expect(JSON.parse(audited.metadata!)).toMatchObject({ operation: 'suspendUser', status: 403 });
  });

  it('rate-limits each client on its own, with Retry-After', async () => {
    const limited = await tokenFor(['users:read']);
    const other = await tokenFor(['users:read']);
    for (let i = 0; i < 600; i += 1) await consumeLimit('apiClient', limited.clientId);
    const response = await call(users.GET, limited.token);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await json(response)).toMatchObject({ status: 429 });
    expect((await call(users.GET, other.token)).status).toBe(200);
  });

  it('refuses the management scopes to a client people sign in to', async () => {
    const refused = await registerClient({
      name: 'Web app',
      type: 'confidential',
      redirectUris: ['https://app.example.com/callback'],
      grantTypes: ['authorization_code', 'client_credentials'],
      scopes: ['openid', 'users:read'],
    });
    expect(refused).toMatchObject({ ok: false, code: 'invalid' });
  });
});

describe('management API: users', () => {
  it('creates a user, refuses a duplicate with 409 and bad input with 400 field problems', async () => {
    const { token, clientId } = await tokenFor(ALL);
    const email = uniqueEmail('api');
    const created = await call(users.POST, token, { body: { email: `  ${email.toUpperCase()} `, name: 'Grace Hopper', emailVerified: true } });
    expect(created.status).toBe(201);
    const body = await json(created);
    expect(body).toMatchObject({ email, name: 'Grace Hopper', status: 'active', emailVerified: true, roles: ['customer'] });
    expect(created.headers.get('location')).toBe(`/api/v1/users/${body.id as string}`);
    const row = await db.user.findUniqueOrThrow({ where: { email } });
    expect(row.emailVerified).not.toBeNull();
    expect(await db.auditEvent.count({ where: { action: 'api.user_created', actorType: 'client', actorId: clientId, targetId: row.id } })).toBe(1);

    const duplicate = await call(users.POST, token, { body: { email } });
    expect(duplicate.status).toBe(409);

    const bad = await call(users.POST, token, { body: { email: 'not-an-email', emailVerified: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json<{ errors: { pointer: string; detail: string }[] }>(bad);
    expect(problem.errors.map((e) => e.pointer).sort()).toEqual(['/email', '/emailVerified']);
    expect(problem.errors.find((e) => e.pointer === '/email')!.detail).toMatch(/valid email/);

    const notJson = await call(users.POST, token, { body: '{ nope' });
    expect(notJson.status).toBe(400);
  });

  it('reads and updates a user; an unknown id is 404', async () => {
    const { token, clientId } = await tokenFor(ALL);
    const customer = await signUpCustomer();
    const read = await call(user.GET, token, { params: { id: customer.user.id } });
    expect(read.status).toBe(200);
    expect(await json(read)).toMatchObject({ id: customer.user.id, email: customer.email, emailVerified: false, status: 'active' });

    const updated = await call(user.PATCH, token, { params: { id: customer.user.id }, body: { name: 'Ada L.', emailVerified: true } });
    expect(updated.status).toBe(200);
    expect(await json(updated)).toMatchObject({ name: 'Ada L.', emailVerified: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: customer.user.id } })).toMatchObject({ name: 'Ada L.', emailVerified: expect.any(Date) });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'api.user_updated', targetId: customer.user.id } });
    expect(event).toMatchObject({ actorType: 'client', actorId: clientId });

    expect((await call(user.PATCH, token, { params: { id: customer.user.id }, body: {} })).status).toBe(400);
    expect((await call(user.GET, token, { params: { id: 'no-such-user' } })).status).toBe(404);
    expect((await call(user.GET, token, { params: { id: '../etc' } })).status).toBe(404);
  });

  it('suspends (ending sessions) and reactivates, audited with the client as actor', async () => {
    const { token, clientId } = await tokenFor(ALL);
    const customer = await signUpCustomer();
    const session = await sessionFor(customer.user.id);

    expect((await call(suspend.POST, token, { params: { id: customer.user.id }, body: { reason: '' } })).status).toBe(400);
    const suspended = await call(suspend.POST, token, { params: { id: customer.user.id }, body: { reason: 'Chargeback fraud' } });
    expect(suspended.status).toBe(200);
    expect(await json(suspended)).toMatchObject({ status: 'suspended' });
    expect(await findActiveSession(session.token)).toBeNull();
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'api.user_suspended', targetId: customer.user.id } })).toMatchObject({
      actorType: 'client',
      actorId: clientId,
      personalText: JSON.stringify({ reason: 'Chargeback fraud' }),
    });
    expect((await call(suspend.POST, token, { params: { id: customer.user.id }, body: { reason: 'Again' } })).status).toBe(409);

    const back = await call(reactivate.POST, token, { params: { id: customer.user.id }, body: { reason: 'Resolved with bank' } });
    expect(back.status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: customer.user.id } })).status).toBe('active');
    expect(await db.auditEvent.count({ where: { action: 'api.user_reactivated', actorType: 'client', targetId: customer.user.id } })).toBe(1);
  });

  it('schedules deletion by default, and erases at once when asked', async () => {
    const { token, clientId } = await tokenFor(ALL);
    const scheduled = await signUpCustomer();
    const response = await call(user.DELETE, token, { params: { id: scheduled.user.id } });
    expect(response.status).toBe(202);
    expect(await json(response)).toMatchObject({ status: 'pending_deletion', erasesAt: expect.any(String) });
    expect((await db.user.findUniqueOrThrow({ where: { id: scheduled.user.id } })).status).toBe('pending_deletion');
    expect(await db.dataSubjectRequest.count({ where: { userId: scheduled.user.id, type: 'erasure', source: 'api' } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: 'user.deletion_requested', actorType: 'client', actorId: clientId } })).toBe(1);
    expect((await call(user.DELETE, token, { params: { id: scheduled.user.id } })).status).toBe(409);

    const erased = await signUpCustomer();
    expect((await call(user.DELETE, token, { params: { id: erased.user.id }, query: { mode: 'at-once' } })).status).toBe(400);
    const now = await call(user.DELETE, token, { params: { id: erased.user.id }, query: { mode: 'erase' } });
    expect(now.status).toBe(202);
    expect(await db.user.findUnique({ where: { id: erased.user.id } })).toBeNull();
    expect(await db.user.findUnique({ where: { email: erased.email } })).toBeNull();
    expect(await db.auditEvent.count({ where: { action: 'user.erased', actorType: 'client', actorId: clientId } })).toBe(1);

    const held = await signUpCustomer();
    await db.user.update({ where: { id: held.user.id }, data: { legalHold: true } });
    expect((await call(user.DELETE, token, { params: { id: held.user.id }, query: { mode: 'erase' } })).status).toBe(409);
    expect(await db.user.findUnique({ where: { id: held.user.id } })).not.toBeNull();
  });

  it('searches with cursor pagination that visits every match once', async () => {
    const { token } = await tokenFor(['users:read']);
    const marker = `pager${Date.now()}`;
    const emails = [];
    for (let i = 0; i < 5; i += 1) emails.push((await signUpCustomer({ email: `${marker}-${i}@example.test` })).email);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await call(users.GET, token, { query: { q: marker, limit: '2', sort: 'email', dir: 'asc', ...(cursor ? { cursor } : {}) } });
      expect(response.status).toBe(200);
      const page = await json<{ data: { email: string }[]; next_cursor: string | null }>(response);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((u) => u.email));
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...emails].sort());
    expect(pages).toBe(3);

    const bad = await call(users.GET, token, { query: { limit: '1000', status: 'sleeping' } });
    expect(bad.status).toBe(400);
    expect((await json<{ errors: { pointer: string }[] }>(bad)).errors.map((e) => e.pointer).sort()).toEqual(['/query/limit', '/query/status']);
  });
});

describe('management API: sessions', () => {
  it("lists a user's live sessions and revokes one or all; revoked sessions stop working", async () => {
    const { token, clientId } = await tokenFor(['sessions:read', 'sessions:write']);
    const customer = await signUpCustomer();
    const first = await sessionFor(customer.user.id);
    const second = await sessionFor(customer.user.id);
    const third = await sessionFor(customer.user.id);

    const listed = await json<{ data: { id: string; methods: string[] }[] }>(await call(sessions.GET, token, { params: { id: customer.user.id } }));
    expect(listed.data.map((s) => s.id).sort()).toEqual([first.sessionId, second.sessionId, third.sessionId].sort());
    expect(listed.data[0]!.methods).toEqual(['password']);

    const one = await call(oneSession.DELETE, token, { params: { id: customer.user.id, sessionId: first.sessionId } });
    expect(one.status).toBe(204);
    expect(await findActiveSession(first.token)).toBeNull();
    expect(await findActiveSession(second.token)).not.toBeNull();
    expect(await db.auditEvent.count({ where: { action: 'session.revoked', actorType: 'client', actorId: clientId } })).toBe(1);
    // Someone else's session id, or one already revoked, is not this user's live session.
    expect((await call(oneSession.DELETE, token, { params: { id: customer.user.id, sessionId: first.sessionId } })).status).toBe(404);

    const all = await call(sessions.DELETE, token, { params: { id: customer.user.id } });
    expect(all.status).toBe(204);
    expect(await findActiveSession(second.token)).toBeNull();
    expect(await findActiveSession(third.token)).toBeNull();
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'api.sessions_revoked', targetId: customer.user.id } })).toMatchObject({ actorType: 'client', actorId: clientId });
    expect((await json<{ data: unknown[] }>(await call(sessions.GET, token, { params: { id: customer.user.id } }))).data).toEqual([]);
    expect((await call(sessions.GET, token, { params: { id: 'nobody' } })).status).toBe(404);
  });
});

describe('management API: roles', () => {
  it('lists roles, gives and takes a role without staff permissions, and refuses staff roles', async () => {
    const { token, clientId } = await tokenFor(['roles:read', 'roles:write']);
    const listed = await json<{ data: { key: string; permissions: string[] }[] }>(await call(roles.GET, token));
    expect(listed.data.map((r) => r.key)).toEqual(expect.arrayContaining(['admin', 'customer', 'support']));

    const tier = `vip-${Date.now()}`;
    await db.role.create({ data: { key: tier, name: 'VIP customer' } });
    const customer = await signUpCustomer();
    const given = await call(userRoles.POST, token, { params: { id: customer.user.id }, body: { role: tier } });
    expect(given.status).toBe(200);
    expect((await json<{ roles: string[] }>(given)).roles.sort()).toEqual(['customer', tier].sort());
    expect(await db.auditEvent.count({ where: { action: 'role.assigned', actorType: 'client', actorId: clientId, targetId: customer.user.id } })).toBe(1);
    expect(await db.userRole.count({ where: { userId: customer.user.id, role: { key: tier }, assignedById: null } })).toBe(1);

    // A leaked API token must not be able to make anyone staff.
    const staff = await call(userRoles.POST, token, { params: { id: customer.user.id }, body: { role: 'admin' } });
    expect(staff.status).toBe(409);
    expect(await db.userRole.count({ where: { userId: customer.user.id, role: { key: 'admin' } } })).toBe(0);
    expect((await call(userRoles.POST, token, { params: { id: customer.user.id }, body: { role: 'Not A Key' } })).status).toBe(400);
    expect((await call(userRoles.POST, token, { params: { id: customer.user.id }, body: { role: 'no-such-role' } })).status).toBe(404);

    const taken = await call(userRole.DELETE, token, { params: { id: customer.user.id, role: tier } });
    expect(taken.status).toBe(200);
    expect((await json<{ roles: string[] }>(taken)).roles).toEqual(['customer']);
    expect(await db.auditEvent.count({ where: { action: 'role.removed', actorType: 'client', actorId: clientId } })).toBe(1);
  });
});

describe('management API: creating and deleting roles', () => {
  type Problem = { status: number; errors?: { pointer: string; detail: string }[] };

  it('creates a role for apps, which can then be given; refuses a taken key, a bad key and permissions', async () => {
    const { token, clientId } = await tokenFor(['roles:read', 'roles:write']);
    const key = `premium-${Date.now()}`;
    const created = await call(roles.POST, token, { body: { key, name: 'Premium', description: 'Paid tier' } });
    expect(created.status).toBe(201);
    expect(await json(created)).toEqual({ key, name: 'Premium', description: 'Paid tier', builtIn: false, permissions: [], memberCount: 0 });
    const role = await db.role.findUniqueOrThrow({ where: { key }, include: { permissions: true } });
    expect(role.permissions).toEqual([]);
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'role.created', targetId: role.id } })).toMatchObject({ actorType: 'client', actorId: clientId });

    const customer = await signUpCustomer();
    const given = await call(userRoles.POST, token, { params: { id: customer.user.id }, body: { role: key } });
    expect(given.status).toBe(200);
    expect((await json<{ roles: string[] }>(given)).roles).toContain(key);

    expect((await call(roles.POST, token, { body: { key, name: 'Premium again' } })).status).toBe(409);
    const bad = await call(roles.POST, token, { body: { key: 'Premium Tier', name: 'Premium' } });
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).errors!.map((e) => e.pointer)).toEqual(['/key']);
    // A leaked machine token must not be able to mint staff.
    const staffRole = await call(roles.POST, token, { body: { key: `${key}-staff`, name: 'Sneaky', permissions: ['users:read'] } });
    expect(staffRole.status).toBe(400);
    expect((await json<Problem>(staffRole)).errors!.map((e) => e.pointer)).toEqual(['/permissions']);
    expect(await db.role.findUnique({ where: { key: `${key}-staff` } })).toBeNull();
  });

  it('deletes a custom role nobody holds; refuses a held, built-in or staff role', async () => {
    const { token, clientId } = await tokenFor(['roles:write']);
    const key = `trial-${Date.now()}`;
    expect((await call(roles.POST, token, { body: { key, name: 'Trial' } })).status).toBe(201);
    const customer = await signUpCustomer();
    expect((await call(userRoles.POST, token, { params: { id: customer.user.id }, body: { role: key } })).status).toBe(200);

    const held = await call(oneRole.DELETE, token, { params: { role: key } });
    expect(held.status).toBe(409);
    expect(await json(held)).toMatchObject({ status: 409, detail: expect.stringContaining('holds this role') });
    expect((await call(userRole.DELETE, token, { params: { id: customer.user.id, role: key } })).status).toBe(200);
    const roleId = (await db.role.findUniqueOrThrow({ where: { key } })).id;
    const deleted = await call(oneRole.DELETE, token, { params: { role: key } });
    expect(deleted.status).toBe(204);
    expect(await db.role.findUnique({ where: { key } })).toBeNull();
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'role.deleted', targetId: roleId } })).toMatchObject({ actorType: 'client', actorId: clientId });
    expect((await call(oneRole.DELETE, token, { params: { role: key } })).status).toBe(404);

    for (const builtIn of ['support', 'customer', 'admin']) {
      expect((await call(oneRole.DELETE, token, { params: { role: builtIn } })).status).toBe(409);
      expect(await db.role.findUnique({ where: { key: builtIn } })).not.toBeNull();
    }
    // A custom role an administrator gave permissions to is theirs to delete, in the console.
    const staffKey = `auditors-${Date.now()}`;
    await db.role.create({ data: { key: staffKey, name: 'Auditors', permissions: { create: [{ permission: 'audit:read' }] } } });
    const staff = await call(oneRole.DELETE, token, { params: { role: staffKey } });
    expect(staff.status).toBe(409);
    expect(await json(staff)).toMatchObject({ detail: expect.stringContaining('staff permissions') });
    expect(await db.role.findUnique({ where: { key: staffKey } })).not.toBeNull();
  });
});

describe('management API: consents', () => {
  it("reads a user's consent state and records a decision with source api", async () => {
    const { token, clientId } = await tokenFor(['consents:read', 'consents:write']);
    const customer = await signUpCustomer();
    const before = await json<{ purposes: { key: string; granted: boolean }[]; documents: { key: string; acceptedVersion: number | null }[] }>(
      await call(consents.GET, token, { params: { id: customer.user.id } }),
    );
    expect(before.purposes.find((p) => p.key === 'marketing_email')).toMatchObject({ granted: false });
    expect(before.documents.find((d) => d.key === 'terms')!.acceptedVersion).not.toBeNull();

    const recorded = await call(consents.POST, token, { params: { id: customer.user.id }, body: { purpose: 'marketing_email', granted: true } });
    expect(recorded.status).toBe(200);
    expect((await json<{ purposes: { key: string; granted: boolean }[] }>(recorded)).purposes.find((p) => p.key === 'marketing_email')).toMatchObject({ granted: true });
    const record = await db.consentRecord.findFirstOrThrow({ where: { userId: customer.user.id, purpose: { key: 'marketing_email' } }, orderBy: { createdAt: 'desc' } });
    expect(record).toMatchObject({ granted: true, source: 'api', userAgent: 'management-api-test' });
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'user.consent_changed', targetId: customer.user.id } })).toMatchObject({ actorType: 'client', actorId: clientId });

    const unknown = await call(consents.POST, token, { params: { id: customer.user.id }, body: { purpose: 'terms', granted: false } });
    expect(unknown.status).toBe(400);
    expect((await json<{ errors: { pointer: string }[] }>(unknown)).errors[0]!.pointer).toBe('/purpose');
    const bad = await call(consents.POST, token, { params: { id: customer.user.id }, body: { purpose: 'marketing_email', granted: 'yes' } });
    expect(bad.status).toBe(400);
    expect((await call(consents.GET, token, { params: { id: 'nobody' } })).status).toBe(404);
  });
});

describe('management API: staff accounts are out of reach', () => {
  it('refuses to suspend, reactivate, schedule or erase a staff account, or to erase one through a request (409), and changes nothing', async () => {
    const { token } = await tokenFor(['users:write', 'dsr:write', 'dsr:process']);
    const agent = await signUpCustomer();
    expect((await assignRole(agent.user.id, 'support', await seededAdministrator())).ok).toBe(true);
    const params = { id: agent.user.id };

    const suspended = await call(suspend.POST, token, { params, body: { reason: 'Leaked token tries to lock staff out' } });
    expect(suspended.status).toBe(409);
    expect(await json(suspended)).toMatchObject({ detail: STAFF_ACCOUNT_VIA_API });
    for (const mode of ['schedule', 'erase']) {
      const deleted = await call(user.DELETE, token, { params, query: { mode } });
      expect(deleted.status).toBe(409);
    }
    // A client cannot even file a request about staff; an administrator can, and the client still cannot complete it.
    const filedByApi = await call(requests.POST, token, { body: { email: agent.email, type: 'erasure' } });
    expect(filedByApi.status).toBe(409);
    expect(await json(filedByApi)).toMatchObject({ detail: STAFF_ACCOUNT_VIA_API });
    const admin = await seededAdministrator();
    const filed = await fileRequest({ email: agent.email, type: 'erasure' }, asStaff(admin.id, (await sessionFor(admin.id)).sessionId));
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    const id = filed.requestId;
    const erased = await call(completeRequest.POST, token, { params: { id }, body: { confirmEmail: agent.email } });
    expect(erased.status).toBe(409);
    expect(await json(erased)).toMatchObject({ detail: STAFF_ACCOUNT_VIA_API });
    expect(await db.user.findUniqueOrThrow({ where: { id: agent.user.id } })).toMatchObject({ status: 'active', email: agent.email });

    await db.user.update({ where: { id: agent.user.id }, data: { status: 'suspended' } });
    expect((await call(reactivate.POST, token, { params, body: { reason: 'Leaked token' } })).status).toBe(409);
  });

  for (const roleKey of ['admin', 'compliance']) {
    it(`keeps ${roleKey === 'admin' ? 'an administrator' : 'a compliance officer'}'s sessions, profile and consents out of reach too (409), and changes nothing`, async () => {
      const { token } = await tokenFor(ALL);
      const person = await signUpCustomer();
      expect((await assignRole(person.user.id, roleKey, await seededAdministrator())).ok).toBe(true);
      const live = await sessionFor(person.user.id);
      const params = { id: person.user.id };

      for (const response of [
        await call(sessions.GET, token, { params }),
        await call(sessions.DELETE, token, { params }),
        await call(oneSession.DELETE, token, { params: { ...params, sessionId: live.sessionId } }),
        await call(user.PATCH, token, { params, body: { name: 'Renamed by a token', emailVerified: false } }),
        await call(consents.GET, token, { params }),
        await call(consents.POST, token, { params, body: { purpose: 'marketing_email', granted: true } }),
        await call(suspend.POST, token, { params, body: { reason: 'Leaked token' } }),
        await call(userRoles.POST, token, { params, body: { role: 'customer' } }),
      ]) {
        expect(response.status).toBe(409);
        expect(await json(response)).toMatchObject({ detail: STAFF_ACCOUNT_VIA_API });
      }
      expect(await findActiveSession(live.token)).not.toBeNull();
      expect(await db.user.findUniqueOrThrow({ where: { id: person.user.id } })).toMatchObject({ status: 'active', name: person.user.name });
      expect(await db.consentRecord.count({ where: { userId: person.user.id, source: 'api' } })).toBe(0);
    });
  }
});

describe('management API: data-subject requests', () => {
  it('files a request on a customer\'s behalf and lists requests a page at a time', async () => {
    const { token, clientId } = await tokenFor(['dsr:read', 'dsr:write']);
    const customer = await signUpCustomer();
    const filed = await call(requests.POST, token, { body: { email: customer.email, type: 'access', notes: 'Asked through the partner portal' } });
    expect(filed.status).toBe(201);
    const body = await json<{ id: string; source: string; status: string }>(filed);
    expect(body).toMatchObject({ source: 'api', status: 'open', type: 'access', subjectEmail: customer.email });
    expect(await db.dataSubjectRequest.findUniqueOrThrow({ where: { id: body.id } })).toMatchObject({ userId: customer.user.id, filedById: null, source: 'api' });
    expect(await db.auditEvent.count({ where: { action: 'dsr.filed', actorType: 'client', actorId: clientId, targetId: body.id } })).toBe(1);

    const twice = await call(requests.POST, token, { body: { email: customer.email, type: 'access' } });
    expect(twice.status).toBe(400);
    expect((await json<{ errors: { pointer: string }[] }>(twice)).errors.map((e) => e.pointer)).toEqual(['/type']);
    const invalid = await call(requests.POST, token, { body: { email: 'nope', type: 'rectification' } });
    expect((await json<{ errors: { pointer: string }[] }>(invalid)).errors.map((e) => e.pointer).sort()).toEqual(['/email', '/type']);

    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; next_cursor: string | null } = await json(
        await call(requests.GET, token, { query: { status: 'all', type: 'access', limit: '1', ...(cursor ? { cursor } : {}) } }),
      );
      ids.push(...page.data.map((r) => r.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(ids).toContain(body.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(await db.dataSubjectRequest.count({ where: { type: 'access' } }));
    expect((await call(requests.GET, token, { query: { status: 'lost' } })).status).toBe(400);
  });
});

describe('management API: processing data-subject requests', () => {
  type Problem = { status: number; detail?: string; errors?: { pointer: string; detail: string }[] };
  type ApiRequest = { id: string; type: string; status: string; subjectEmail: string };

  async function fileThroughApi(token: string, email: string, type: 'access' | 'erasure') {
    const filed = await call(requests.POST, token, { body: { email, type } });
    expect(filed.status).toBe(201);
    return (await json<ApiRequest>(filed)).id;
  }

  it('reads one request; an unknown id is 404', async () => {
    const { token } = await tokenFor(['dsr:read', 'dsr:write']);
    const customer = await signUpCustomer();
    const id = await fileThroughApi(token, customer.email, 'access');
    const read = await call(oneRequest.GET, token, { params: { id } });
    expect(read.status).toBe(200);
    expect(await json(read)).toMatchObject({ id, type: 'access', status: 'open', subjectEmail: customer.email, source: 'api', overdue: false });
    expect((await call(oneRequest.GET, token, { params: { id: 'no-such-request' } })).status).toBe(404);
  });

  it('completes an access request with the export, audited with the client as actor, and emails the customer', async () => {
    const { token, clientId } = await tokenFor(['dsr:read', 'dsr:write', 'dsr:process']);
    const customer = await signUpCustomer();
    const id = await fileThroughApi(token, customer.email, 'access');

    const completed = await call(completeRequest.POST, token, { params: { id }, body: {} });
    expect(completed.status).toBe(200);
    expect(await json(completed)).toMatchObject({ id, status: 'completed' });
    const row = await db.dataSubjectRequest.findUniqueOrThrow({ where: { id } });
    // A client is nobody's assignee.
    expect(row).toMatchObject({ status: 'completed', assigneeId: null, completedAt: expect.any(Date) });
    expect(JSON.parse(row.evidence!)).toMatchObject({ format: 'gatehouse.export/1', counts: expect.any(Object) });
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'dsr.completed', targetId: id } })).toMatchObject({ actorType: 'client', actorId: clientId, targetType: 'data_request' });
    expect((await lastEmailTo(customer.email))?.subject).toBe('Your data is ready to download');
    await sealAuditEvents();
    const audited = await db.auditEvent.findFirstOrThrow({ where: { action: 'api.request', actorId: clientId, targetId: id }, orderBy: { sequence: 'desc' } });
    expect(audited).toMatchObject({ targetType: 'data_request', result: 'success' });

    const again = await call(completeRequest.POST, token, { params: { id }, body: {} });
    expect(again.status).toBe(409);
    expect(await json<Problem>(again)).toMatchObject({ detail: 'This request is already completed.' });
    expect((await call(completeRequest.POST, token, { params: { id: 'no-such-request' }, body: {} })).status).toBe(404);
  });

  it("erases only with the customer's email typed back, and not under legal hold", async () => {
    const { token, clientId } = await tokenFor(['dsr:write', 'dsr:process']);
    const customer = await signUpCustomer();
    const id = await fileThroughApi(token, customer.email, 'erasure');

    for (const body of [{}, { confirmEmail: 'someone-else@example.test' }]) {
      const refused = await call(completeRequest.POST, token, { params: { id }, body });
      expect(refused.status).toBe(400);
      expect((await json<Problem>(refused)).errors!.map((e) => e.pointer)).toEqual(['/confirmEmail']);
    }
    expect(await db.user.findUnique({ where: { id: customer.user.id } })).not.toBeNull();

    await db.user.update({ where: { id: customer.user.id }, data: { legalHold: true, legalHoldReason: 'Litigation' } });
    const held = await call(completeRequest.POST, token, { params: { id }, body: { confirmEmail: customer.email } });
    expect(held.status).toBe(409);
    expect(await json<Problem>(held)).toMatchObject({ detail: expect.stringContaining('legal hold') });
    expect(await db.user.findUniqueOrThrow({ where: { id: customer.user.id } })).toMatchObject({ status: 'active', email: customer.email });
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'dsr.erasure_refused', targetId: id } })).toMatchObject({ actorType: 'client', actorId: clientId, reason: 'legal_hold' });

    await db.user.update({ where: { id: customer.user.id }, data: { legalHold: false, legalHoldReason: null } });
    const erased = await call(completeRequest.POST, token, { params: { id }, body: { confirmEmail: `  ${customer.email.toUpperCase()} ` } });
    expect(erased.status).toBe(200);
    expect(await json(erased)).toMatchObject({ id, status: 'completed', subjectEmail: expect.stringMatching(/@erased\.invalid$/) });
    expect(await db.user.findUnique({ where: { id: customer.user.id } })).toBeNull();
    expect(await db.user.findUnique({ where: { email: customer.email } })).toBeNull();
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'dsr.completed', targetId: id } })).toMatchObject({ actorType: 'client', actorId: clientId });
    const tombstoneId = (JSON.parse((await db.dataSubjectRequest.findUniqueOrThrow({ where: { id } })).evidence!) as { tombstoneId: string }).tombstoneId;
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'user.erased', targetId: tombstoneId } })).toMatchObject({ actorType: 'client', actorId: clientId });
    expect((await lastEmailTo(customer.email))?.subject).toBe('Your data has been erased');
  });

  it('rejects a request with a reason the customer is told', async () => {
    const { token, clientId } = await tokenFor(['dsr:write', 'dsr:process']);
    const customer = await signUpCustomer();
    const id = await fileThroughApi(token, customer.email, 'access');

    const tooShort = await call(rejectRequest.POST, token, { params: { id }, body: { reason: 'no' } });
    expect(tooShort.status).toBe(400);
    expect((await json<Problem>(tooShort)).errors!.map((e) => e.pointer)).toEqual(['/reason']);

    const reason = 'We could not verify the request came from you';
    const rejected = await call(rejectRequest.POST, token, { params: { id }, body: { reason } });
    expect(rejected.status).toBe(200);
    expect(await json(rejected)).toMatchObject({ id, status: 'rejected' });
    expect(await db.dataSubjectRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'rejected', evidence: JSON.stringify({ reason }) });
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'dsr.rejected', targetId: id } })).toMatchObject({ actorType: 'client', actorId: clientId, personalText: JSON.stringify({ reason }) });
    const mail = await lastEmailTo(customer.email);
    expect(mail?.subject).toBe('About your data request');
    expect(mail?.text).toContain(reason);
    expect((await call(rejectRequest.POST, token, { params: { id }, body: { reason } })).status).toBe(409);
  });

  it('answers 403 without the dsr:process scope and changes nothing', async () => {
    const { token } = await tokenFor(['dsr:read', 'dsr:write']);
    const customer = await signUpCustomer();
    const id = await fileThroughApi(token, customer.email, 'erasure');
    for (const [handler, body] of [[completeRequest.POST, { confirmEmail: customer.email }], [rejectRequest.POST, { reason: 'Not today, thanks' }]] as const) {
      const refused = await call(handler, token, { params: { id }, body });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('www-authenticate')).toContain('scope="dsr:process"');
    }
    expect(await db.dataSubjectRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'open' });
    expect(await db.user.findUnique({ where: { id: customer.user.id } })).not.toBeNull();
  });
});

describe('management API: audit events', () => {
  it('queries audit events with filters and a cursor, oldest first or newest first', async () => {
    const { token, clientId } = await tokenFor(['audit:read']);
    // Each call is itself audited, so the client's own api.request events make a growing, known trail.
    for (let i = 0; i < 3; i += 1) expect((await call(auditEvents.GET, token, { query: { actor: 'nobody-at-all' } })).status).toBe(200);
    const collect = async (order: 'newest' | 'oldest') => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: { id: string; actorType: string; action: string; metadata: Record<string, unknown> }[]; next_cursor: string | null } = await json(
          await call(auditEvents.GET, token, { query: { actor: clientId, action: 'api.request', order, limit: '2', ...(cursor ? { cursor } : {}) } }),
        );
        for (const e of page.data) {
          expect(e).toMatchObject({ actorType: 'client', action: 'api.request', metadata: { operation: 'queryAuditEvents' } });
          ids.push(e.id);
        }
        cursor = page.next_cursor;
      } while (cursor);
      return ids;
    };
    const newest = await collect('newest');
    const expected = (await db.auditEvent.findMany({ where: { actorId: clientId, action: 'api.request' }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }] })).map((e) => e.id);
    // The pagination calls audit themselves after answering, so the first walk sees at least the first three.
    expect(newest.length).toBeGreaterThanOrEqual(3);
    expect(new Set(newest).size).toBe(newest.length);
    expect(expected.slice(expected.length - newest.length)).toEqual(newest);
    const oldest = await collect('oldest');
    expect(oldest.slice(0, newest.length)).toEqual([...newest].reverse());

    const bad = await call(auditEvents.GET, token, { query: { action: 'user.teleported', cursor: 'garbage' } });
    expect(bad.status).toBe(400);
    expect((await json<{ errors: { pointer: string }[] }>(bad)).errors.map((e) => e.pointer).sort()).toEqual(['/query/action', '/query/cursor']);
  });
});

describe('management API: OpenAPI document', () => {
  /** Every route handler under app/api/v1 as "METHOD /path", read from the files themselves. */
  function implementedRoutes() {
    const root = join(process.cwd(), 'app/api/v1');
    const routes: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name === 'route.ts') {
          const route = `/${relative(root, dir)}`.replace(/\[(\w+)\]/g, '{$1}');
          if (route === '/openapi.json') continue;
          for (const [, method] of readFileSync(path, 'utf8').matchAll(/export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b/g)) routes.push(`${method} ${route}`);
        }
      }
    };
    walk(root);
    return routes.sort();
  }

  it('lists every implemented route, with the scope it needs and the validators as schemas', async () => {
    const response = openapi.GET();
    expect(response.status).toBe(200);
    const doc = await json<{ openapi: string; paths: Record<string, Record<string, { operationId: string; security: { clientCredentials: string[] }[]; parameters: { name: string; in: string; schema: unknown }[]; requestBody?: { content: { 'application/json': { schema: unknown } } } }>> }>(response);
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(implementedRoutes());

    for (const op of Object.values(OPERATIONS)) {
      const documentedOp = doc.paths[op.path]![op.method.toLowerCase()]!;
      expect(documentedOp.operationId).toBe(op.operationId);
      expect(documentedOp.security).toEqual([{ clientCredentials: [op.scope] }]);
      if ('body' in op && op.body) expect(documentedOp.requestBody!.content['application/json'].schema).toEqual(requestSchemaOf(op.body));
      if ('query' in op && op.query) {
        const properties = requestSchemaOf(op.query).properties as Record<string, unknown>;
        expect(Object.fromEntries(documentedOp.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema]))).toEqual(properties);
      }
    }
    // The schema says what the validator enforces.
    const createUser = doc.paths['/users']!.post!.requestBody!.content['application/json'].schema as { properties: Record<string, { maxLength?: number; type?: string }> };
    expect(createUser.properties.email).toMatchObject({ type: 'string', maxLength: 254 });
    expect(createUser.properties.emailVerified).toMatchObject({ type: 'boolean' });
  });
});
