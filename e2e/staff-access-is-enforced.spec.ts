import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { BUILT_IN_ROLES, type Permission } from '../lib/rbac/permissions';
import { ADMIN_ACTIONS, ADMIN_ROUTES, type AdminAction } from './support/access-matrix';
import { registeredCustomer } from './support/journeys';
import { giveRole, signInAsAdministrator, signInPastQuestions } from './support/staff';

// The access matrix, walked over HTTP against the production server: every admin route and
// server action, as an anonymous visitor, a customer and each built-in staff role.

const STAFF_ROLES = ['support', 'compliance', 'admin'] as const;
const people: Record<string, string> = {};

test.describe.configure({ mode: 'serial', timeout: 180_000 });

/** Server action ids by `${file}#${name}`, from the build the server runs. */
function actionIds(): Map<string, string> {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  return new Map(Object.entries(manifest.node).map(([id, ref]) => [`${ref.filename}#${ref.exportedName}`, id]));
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

test('every admin server action in the build has a row in the access matrix', () => {
  const inBuild = [...actionIds().keys()].filter((name) => name.startsWith('app/(admin)/'));
  expect(inBuild.length).toBeGreaterThan(0);
  expect(inBuild.sort()).toEqual(ADMIN_ACTIONS.map((a) => a.action).sort());
});

test('an anonymous visitor is sent to sign in from every admin route and action', async ({ request, baseURL }) => {
  const ids = actionIds();
  for (const route of ADMIN_ROUTES) {
    const response = await request.get(route.path);
    expect(new URL(response.url()).pathname, route.path).toBe('/sign-in');
    expect(new URL(response.url()).searchParams.get('next'), route.path).toMatch(/^\/admin/);
  }
  for (const entry of ADMIN_ACTIONS) {
    const answer = await callAction(request, baseURL!, ids.get(entry.action)!, entry);
    expect(answer.body, entry.action).not.toContain(entry.allowedAnswer);
    expect(answer.headers['x-action-redirect'] ?? answer.headers.location ?? '', entry.action).toContain('/sign-in');
  }
});

test.describe('signed in', () => {
  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    people.customer = await registeredCustomer(page, 'plain-customer');
    for (const role of STAFF_ROLES) people[role] = await registeredCustomer(page, `${role}-staff`);
    await signInAsAdministrator(page);
    for (const role of STAFF_ROLES) await giveRole(page, role, people[role]!);
    await page.context().close();
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
        const response = await context.request.get(route.path);
        expect(response.status(), `${viewer} GET ${route.path}`).toBe(mayOpen(route.permission) ? 200 : 404);
      }
      for (const entry of ADMIN_ACTIONS) {
        const answer = await callAction(context.request, baseURL!, ids.get(entry.action)!, entry);
        if (held.has(entry.permission)) {
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
