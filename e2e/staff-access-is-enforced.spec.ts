import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ALL_PERMISSIONS, BUILT_IN_ROLES, type Permission } from '../lib/rbac/permissions';
import { ADMIN_ACTIONS, ADMIN_ROUTES, resolvePath, type AdminAction, type Placeholder } from './support/access-matrix';
import { declaredAdminActions } from './support/admin-action-permissions';
import { registeredCustomer } from './support/journeys';
import { giveRole, signInAsAdministrator, signInPastQuestions } from './support/staff';

// The access matrix, walked over HTTP against the production server: every admin route and
// server action, as an anonymous visitor, a customer and each built-in staff role.

const STAFF_ROLES = ['support', 'compliance', 'admin'] as const;
const people: Record<string, string> = {};
/** Ids of the records made through the console, for the matrix's `{placeholders}`. */
const made: Partial<Record<Placeholder, string>> = {};
const resolvedPath = (path: string) => resolvePath(path, made);
const APP_PORT = Number(process.env.E2E_PORT ?? 3100);

test.describe.configure({ mode: 'serial', timeout: 180_000 });

/** Server action ids by `${file}#${name}`, from the build the server runs. */
function actionIds(): Map<string, string> {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  return new Map(Object.entries(manifest.node).map(([id, ref]) => [`${ref.filename}#${ref.exportedName}`, id]));
}

/**
 * Admin pages and route handlers in the build, as URL patterns:
 * "/(admin)/admin/users/[id]/page" → "/admin/users/[id]".
 */
function adminRoutePatterns(): string[] {
  const manifest = JSON.parse(readFileSync('.next/server/app-paths-manifest.json', 'utf8')) as Record<string, string>;
  return Object.keys(manifest)
    .filter((entry) => entry.startsWith('/(admin)/'))
    .map((entry) =>
      entry
        .replace(/\/(page|route)$/, '')
        .split('/')
        .filter((segment) => !/^\(.+\)$/.test(segment) && !segment.startsWith('@'))
        .join('/'),
    );
}

/** Whether a matrix path (placeholders and all, query left off) is a URL of the pattern. */
function patternMatches(pattern: string, path: string) {
  const segments = pattern.split('/').slice(1).map((segment) => {
    if (/^\[\[\.\.\..+\]\]$/.test(segment)) return '(?:/[^/]+)*';
    if (/^\[\.\.\..+\]$/.test(segment)) return '(?:/[^/]+)+';
    if (/^\[.+\]$/.test(segment)) return '/[^/]+';
    return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
  });
  return new RegExp(`^${segments.join('')}$`).test(path.split('?')[0]!);
}

/** The id at the end of a console link or URL, like a person reading it off the address bar. */
function idFrom(url: string | null, pattern: RegExp) {
  const id = new URL(url ?? '', 'http://localhost').pathname.match(pattern)?.[1];
  expect(id, `an id in ${url}`).toBeTruthy();
  return decodeURIComponent(id!);
}

/**
 * As the signed-in administrator: makes, through the console, one of each record the pages
 * with an id in their URL show, and notes the ids.
 */
async function createRecords(page: Page) {
  // The plain customer's profile, found in the directory by their address.
  await page.goto('/admin/users');
  await page.getByLabel('Search by email, name or phone').fill(people.customer!);
  await page.getByRole('button', { name: 'Search users' }).click();
  const profile = page.getByRole('table', { name: 'Users matching the filters' }).getByRole('link', { name: people.customer });
  made.customer = idFrom(await profile.getAttribute('href'), /^\/admin\/users\/([^/]+)$/);

  // An access request for them, exported, so its download exists.
  await page.goto('/admin/requests');
  const filing = page.getByRole('region', { name: 'File a request' });
  await filing.getByLabel("Customer's email address").fill(people.customer!);
  await filing.getByLabel('Kind of request').selectOption({ label: 'Access (copy of data)' });
  await filing.getByRole('button', { name: 'File request' }).click();
  await expect(page.getByRole('heading', { name: 'Access request', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Run export' }).click();
  const download = page.getByRole('link', { name: 'Download the export (JSON)' });
  await expect(download).toBeVisible();
  made.request = idFrom(await download.getAttribute('href'), /^\/admin\/requests\/([^/]+)\/export$/);

  // A webhook endpoint nothing listens at, for a rare event, switched off so nothing queues for it.
  await page.goto('/admin/webhooks');
  await page.getByLabel('Endpoint URL').fill(`http://localhost:${APP_PORT + 70}/hook`);
  await page.getByLabel('Description (optional)').fill('Access matrix (nothing listens here)');
  await page.getByLabel(/role\.removed/).check();
  await page.getByRole('button', { name: 'Register endpoint' }).click();
  const endpoint = page.getByRole('link', { name: 'Open the new endpoint and its delivery log' });
  made.endpoint = idFrom(await endpoint.getAttribute('href'), /^\/admin\/webhooks\/([^/]+)$/);
  await endpoint.click();
  await page.getByRole('button', { name: 'Disable endpoint' }).click();
  await expect(page.getByRole('button', { name: 'Enable endpoint' })).toBeVisible();

  // An enterprise connection for a domain no one else uses (saving it does not call the issuer).
  await page.goto('/admin/connections');
  await page.getByLabel('Organisation name').fill('Matrix Org');
  await page.getByLabel('Email domains').fill(`matrix-${randomUUID().slice(0, 8)}.test`);
  await page.getByLabel('Issuer URL').fill(`http://localhost:${APP_PORT + 70}`);
  await page.getByLabel('Client ID').fill('gatehouse');
  await page.getByLabel('Client secret').fill('access-matrix-client-secret');
  await page.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByText('The connection is added.')).toBeVisible();
  made.connection = idFrom(page.url(), /^\/admin\/connections\/([^/]+)$/);

  // An app that signs people in (nothing will: no one has its secret).
  await page.goto('/admin/clients');
  await page.getByLabel('App name').fill('Matrix app');
  await page.getByLabel(/^Confidential/).check();
  await page.getByLabel('Redirect URIs', { exact: true }).fill(`http://localhost:${APP_PORT + 70}/callback`);
  await page.getByRole('button', { name: 'Register app' }).click();
  made.client = idFrom(await page.getByRole('link', { name: 'Open the new app' }).getAttribute('href'), /^\/admin\/clients\/([^/]+)$/);
}

/** Calls a server action the way the browser does, without following its redirect. */
async function callAction(request: APIRequestContext, baseURL: string, id: string, entry: AdminAction) {
  const response = await request.post(entry.page, {
    headers: { 'Next-Action': id, Accept: 'text/x-component', 'Content-Type': 'text/plain;charset=UTF-8', Origin: baseURL },
    data: JSON.stringify(entry.harmlessArgs),
    maxRedirects: 0,
  });
  return { status: response.status(), headers: response.headers(), body: await response.text() };
}

/** The permission each admin action's code requires (its adminAction call), by `${file}#${name}`. */
const declared = new Map(declaredAdminActions().map((d) => [d.action, d.permission]));
const permissionOf = (entry: AdminAction) => declared.get(entry.action) as Permission;

test('every admin server action in the build has a row in the access matrix', () => {
  const inBuild = [...actionIds().keys()].filter((name) => name.startsWith('app/(admin)/'));
  expect(inBuild.length).toBeGreaterThan(0);
  expect(inBuild.sort()).toEqual(ADMIN_ACTIONS.map((a) => a.action).sort());
});

test('every admin server action goes through adminAction with a permission from the catalogue', () => {
  const catalogue = new Set<string>(ALL_PERMISSIONS);
  expect([...declared.keys()].sort()).toEqual(ADMIN_ACTIONS.map((a) => a.action).sort());
  const unchecked = [...declared].filter(([, permission]) => !permission || !catalogue.has(permission)).map(([action]) => action);
  expect(unchecked, 'exports that are not adminAction(<permission>, …)').toEqual([]);
});

test('every admin page and route handler in the build has a row in the access matrix', () => {
  const patterns = adminRoutePatterns();
  expect(patterns.length).toBeGreaterThan(0);
  const paths = ADMIN_ROUTES.map((route) => route.path);
  expect(patterns.filter((pattern) => !paths.some((path) => patternMatches(pattern, path))), 'admin routes with no row').toEqual([]);
  expect(paths.filter((path) => !patterns.some((pattern) => patternMatches(pattern, path))), 'rows for no admin route').toEqual([]);
});

test.describe('walking the matrix', () => {
  test.beforeAll(async ({ browser }) => {
    // Four people register and the administrator makes five records: more than a hook's default minute.
    test.setTimeout(240_000);
    const page = await browser.newPage();
    people.customer = await registeredCustomer(page, 'plain-customer');
    for (const role of STAFF_ROLES) people[role] = await registeredCustomer(page, `${role}-staff`);
    await signInAsAdministrator(page);
    for (const role of STAFF_ROLES) await giveRole(page, role, people[role]!);
    await createRecords(page);
    await page.context().close();
  });

  test('an anonymous visitor is sent to sign in from every admin route and action', async ({ request, baseURL }) => {
    const ids = actionIds();
    for (const route of ADMIN_ROUTES) {
      const response = await request.get(resolvedPath(route.path));
      expect(new URL(response.url()).pathname, route.path).toBe('/sign-in');
      expect(new URL(response.url()).searchParams.get('next'), route.path).toMatch(/^\/admin/);
    }
    for (const entry of ADMIN_ACTIONS) {
      const answer = await callAction(request, baseURL!, ids.get(entry.action)!, entry);
      expect(answer.body, entry.action).not.toContain(entry.allowedAnswer);
      expect(answer.headers['x-action-redirect'] ?? answer.headers.location ?? '', entry.action).toContain('/sign-in');
    }
  });

  for (const viewer of ['customer', ...STAFF_ROLES] as const) {
    test(`signed in as ${viewer}: reaches exactly the admin routes and actions the matrix allows`, async ({ browser, baseURL }) => {
      const held = new Set<Permission>(BUILT_IN_ROLES[viewer]!.permissions);
      // Every console page sits inside the console layout, which needs the dashboard permission too.
      const mayOpen = (permission: Permission) => held.has(permission) && held.has('dashboard:read');
      const context = await browser.newContext({ baseURL });
      const page = await context.newPage();
      await signInPastQuestions(page, people[viewer]!);
      const ids = actionIds();

      for (const route of ADMIN_ROUTES) {
        const response = await context.request.get(resolvedPath(route.path));
        expect(response.status(), `${viewer} GET ${route.path}`).toBe(mayOpen(route.permission) ? 200 : 404);
      }
      for (const entry of ADMIN_ACTIONS) {
        const answer = await callAction(context.request, baseURL!, ids.get(entry.action)!, entry);
        if (held.has(permissionOf(entry))) {
          expect(answer.status, `${viewer} ${entry.action}`).toBe(200);
          expect(answer.body, `${viewer} ${entry.action}`).toContain(entry.allowedAnswer);
        } else {
          expect(answer.status, `${viewer} ${entry.action}`).toBe(404);
          expect(answer.body, `${viewer} ${entry.action}`).not.toContain(entry.allowedAnswer);
        }
      }
      await context.close();
    });
  }
});
