import { expect, test, type APIRequestContext } from '@playwright/test';
import { registeredCustomer } from './support/journeys';
import { signInToApp, startRelyingParty } from './support/relying-party';
import { signInAsAdministrator } from './support/staff';

test.describe.configure({ timeout: 150_000 });

/** What the app's backend does with its credentials: ask the token endpoint for a client-credentials token. */
async function tokenStatus(request: APIRequestContext, clientId: string, secret: string) {
  const response = await request.post('/oidc/token', {
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    form: { grant_type: 'client_credentials' },
  });
  return response.status();
}

test('the administrator registers an app, copies its secret the one time it is shown, and rotates it', async ({ page }) => {
  await signInAsAdministrator(page);
  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Apps' }).click();
  await expect(page.getByRole('heading', { name: 'Apps', exact: true })).toBeVisible();

  const name = `Order service ${Date.now()}`;
  await page.getByLabel('App name').fill(name);
  await page.getByLabel(/^Confidential/).check();
  // Plain http to another machine is refused, with the reason beside the field.
  await page.getByLabel('Redirect URIs', { exact: true }).fill('http://orders.example.com/callback');
  await page.getByLabel(/client_credentials/).check();
  await page.getByLabel(/^roles /).check();
  await page.getByRole('button', { name: 'Register app' }).click();
  await expect(page.getByText('Use https (plain http only for localhost).')).toBeVisible();

  await page.getByLabel('Redirect URIs', { exact: true }).fill('https://orders.example.com/callback\nhttp://localhost:3000/callback');
  await page.getByRole('button', { name: 'Register app' }).click();
  const secretField = page.getByLabel('Client secret');
  await expect(secretField).toHaveValue(/.{40,}/);
  await expect(page.getByText('it is not shown again')).toBeVisible();
  const clientId = await page.getByLabel('Client ID').inputValue();
  const firstSecret = await secretField.inputValue();
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('Confidential');
  await page.screenshot({ path: '/tmp/admin-clients.png', fullPage: true });
  expect(await tokenStatus(page.request, clientId, firstSecret)).toBe(200);

  await page.getByRole('link', { name: 'Open the new app' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByLabel('Redirect URIs', { exact: true })).toHaveValue('https://orders.example.com/callback\nhttp://localhost:3000/callback');
  // The secret is not on the app's page: only its hash is kept.
  await expect(page.getByRole('textbox', { name: 'Client secret' })).toHaveCount(0);
  expect(await page.content()).not.toContain(firstSecret);

  await page.getByRole('button', { name: 'Rotate secret' }).click();
  const rotated = page.getByRole('textbox', { name: 'Client secret' });
  await expect(rotated).toHaveValue(/.{40,}/);
  const secondSecret = await rotated.inputValue();
  expect(secondSecret).not.toBe(firstSecret);
  await page.screenshot({ path: '/tmp/admin-client.png', fullPage: true });
  // The old secret stops working at once; the new one works.
  expect(await tokenStatus(page.request, clientId, firstSecret)).toBe(401);
  expect(await tokenStatus(page.request, clientId, secondSecret)).toBe(200);

  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Client secret' })).toHaveCount(0);

  // Edits are checked like registrations.
  await page.getByLabel('App name').fill('');
  await page.getByRole('button', { name: 'Save app' }).click();
  await expect(page.getByText('Enter the app’s name.')).toBeVisible();
  await page.getByLabel('App name').fill(`${name} (renamed)`);
  await page.getByRole('button', { name: 'Save app' }).click();
  await expect(page.getByText('The app is saved.')).toBeVisible();

  // The keys that sign ID tokens: a new one takes over, the old one stays published.
  await page.goto('/admin/clients');
  const keys = page.getByRole('table', { name: 'Signing keys' });
  await expect(keys).toContainText('Signing');
  await page.getByRole('button', { name: 'Rotate signing keys' }).click();
  await expect(page.getByText(/now signs tokens/)).toBeVisible();
  await expect(keys).toContainText('still published');

  await page.goto('/admin/audit?action=oidc.client_secret_rotated');
  await expect(page.getByRole('row').nth(1)).toContainText('oidc.client_secret_rotated');
});

test('a customer removes a connected app, and the app has to ask for consent again', async ({ page, baseURL }) => {
  const partner = await startRelyingParty({ name: 'Partner bakery', issuer: `${baseURL}/oidc` });
  try {
    const email = await registeredCustomer(page);
    await signInToApp(page, partner, email);
    await expect(page.getByRole('heading', { name: 'Partner bakery wants to use your account' })).toBeVisible();
    await page.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
    await page.waitForLoadState('networkidle');

    await page.goto('/account/privacy');
    const connected = page.getByRole('region', { name: 'Connected apps' });
    await expect(connected).toContainText('Partner bakery');
    await expect(connected).toContainText('your email address');
    await page.screenshot({ path: '/tmp/privacy-connected-apps.png', fullPage: true });
    await connected.getByRole('button', { name: 'Remove access for Partner bakery' }).click();
    await expect(page.getByText('The app no longer has access to your account.')).toBeVisible();
    await expect(connected).not.toContainText('Partner bakery');
    await expect(connected).toContainText('You have not signed in to any app with your account.');

    // Still signed in to Gatehouse, but the app must ask again.
    await page.goto(partner.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
    await expect(page.getByRole('heading', { name: 'Partner bakery wants to use your account' })).toBeVisible();

    await page.goto('/account/activity');
    await expect(page.getByText('You removed Partner bakery’s access to your account')).toBeVisible();
  } finally {
    await partner.close();
  }
});
