import { expect, test, type APIRequestContext } from '@playwright/test';
import { newEmail, signUpWithPassword } from './support/journeys';
import { signInAsAdministrator } from './support/staff';

test.describe.configure({ timeout: 150_000 });

/** What the CRM's backend does with its credentials: a client-credentials token for the scopes it asks for. */
async function accessToken(request: APIRequestContext, clientId: string, secret: string, scope: string) {
  const response = await request.post('/oidc/token', {
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    form: { grant_type: 'client_credentials', scope },
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

test('the administrator connects the CRM to the management API, which reads customers and files a request, and nothing more', async ({ page, browser, baseURL, playwright }) => {
  // A customer the CRM will look up.
  const customerContext = await browser.newContext({ baseURL });
  const email = newEmail('crm-customer');
  await signUpWithPassword(await customerContext.newPage(), email);
  await customerContext.close();

  await signInAsAdministrator(page);
  await page.goto('/admin/clients');
  // The form takes input once it is interactive (its button is disabled until then).
  await expect(page.getByRole('button', { name: 'Register app' })).toBeEnabled();
  const name = `CRM sync ${Date.now()}`;
  await page.getByLabel('App name').fill(name);
  await page.getByLabel(/^Confidential/).check();
  // API access with a grant people sign in through is refused, with the reason beside the scopes.
  await page.getByLabel(/users:read/).check();
  await page.getByRole('button', { name: 'Register app' }).click();
  await expect(page.getByText('Management API scopes are only for machine clients that use client credentials alone.')).toBeVisible();
  await page.getByLabel(/dsr:write/).check();

  await page.getByLabel(/^authorization_code/).uncheck();
  await page.getByLabel(/client_credentials/).check();
  await page.getByLabel(/^openid /).uncheck();
  await page.getByRole('button', { name: 'Register app' }).click();
  const secretField = page.getByLabel('Client secret');
  await expect(secretField).toHaveValue(/.{40,}/);
  const clientId = await page.getByLabel('Client ID').inputValue();
  const secret = await secretField.inputValue();
  await page.screenshot({ path: '/tmp/admin-api-client.png', fullPage: true });

  // The CRM's backend: no browser, no cookies, only its credentials.
  const crm = await playwright.request.newContext({ baseURL });
  try {
    const token = await accessToken(crm, clientId, secret, 'users:read dsr:write');
    const auth = { authorization: `Bearer ${token}` };

    const found = await crm.get(`/api/v1/users?q=${encodeURIComponent(email)}`, { headers: auth });
    expect(found.status()).toBe(200);
    const page1 = (await found.json()) as { data: { id: string; email: string }[]; next_cursor: string | null };
    expect(page1.data.map((u) => u.email)).toEqual([email]);

    // Without the users:write scope, creating a user is forbidden, and says which scope is missing.
    const create = await crm.post('/api/v1/users', { headers: auth, data: { email: newEmail('crm-created') } });
    expect(create.status()).toBe(403);
    expect(create.headers()['content-type']).toContain('application/problem+json');
    expect(await create.json()).toMatchObject({ status: 403, detail: 'This operation needs the users:write scope.' });

    // Bad input is a 400 naming the field.
    const tooMany = await crm.get('/api/v1/users?limit=1000', { headers: auth });
    expect(tooMany.status()).toBe(400);
    expect(await tooMany.json()).toMatchObject({ status: 400, errors: [expect.objectContaining({ pointer: '/query/limit' })] });

    // No token at all: 401.
    expect((await crm.get('/api/v1/users')).status()).toBe(401);

    // The customer asked the CRM for a copy of their data; it files the request here.
    const filed = await crm.post('/api/v1/data-subject-requests', { headers: auth, data: { email, type: 'access' } });
    expect(filed.status()).toBe(201);
    expect(await filed.json()).toMatchObject({ type: 'access', status: 'open', source: 'api', subjectEmail: email });

    const described = await crm.get('/api/v1/openapi.json');
    expect((await described.json()) as { openapi: string }).toMatchObject({ openapi: expect.stringMatching(/^3\.1/) });
  } finally {
    await crm.dispose();
  }

  // Compliance sees the request in the queue, marked as filed through the API.
  await page.goto('/admin/requests');
  await expect(page.getByRole('row').filter({ hasText: email })).toContainText('Filed through the API');

  // Every call with a token is in the audit log, with the app as the actor: the search, the two
  // refusals and the filing (the call without a token names no app).
  await page.goto(`/admin/audit?action=api.request&actor=${encodeURIComponent(clientId)}`);
  const calls = page.getByRole('row').filter({ hasText: 'api.request' });
  await expect(calls).toHaveCount(4);
  await expect(calls.filter({ hasText: 'failure' })).toHaveCount(2);
  await page.screenshot({ path: '/tmp/admin-api-audit.png', fullPage: true });
});
