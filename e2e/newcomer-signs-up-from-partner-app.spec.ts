import { expect, test } from '@playwright/test';
import { newEmail, PASSWORD, readEmail } from './support/journeys';
import { startRelyingParty } from './support/relying-party';

/** From the partner app's "Sign in with Gatehouse" to Gatehouse's sign-up, as someone without an account. */
async function signUpFromApp(page: import('@playwright/test').Page, app: { url: string }, email: string) {
  await page.goto(app.url);
  await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fauthorize%2F/);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('With a password').check();
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel(/I accept the terms/).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
}

test('a newcomer who signs up from a partner app confirms their email and lands back in the app', async ({ page, baseURL }) => {
  const shop = await startRelyingParty({ name: 'Partner shop', issuer: `${baseURL}/oidc` });
  try {
    const email = newEmail('newcomer');
    await signUpFromApp(page, shop, email);

    const { link } = await readEmail(page, email, 'Confirm your email address');
    await page.goto(link);
    await page.getByRole('button', { name: 'Confirm email address' }).click();

    await expect(page.getByRole('heading', { name: 'Partner shop wants to use your account' })).toBeVisible();
    await page.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Partner shop' })).toBeVisible();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  } finally {
    await shop.close();
  }
});

test('a newcomer who opens the confirmation email in another browser is told their address is confirmed and how to go on', async ({ page, browser, baseURL }) => {
  const shop = await startRelyingParty({ name: 'Partner bakery', issuer: `${baseURL}/oidc` });
  const phone = await browser.newContext();
  try {
    const email = newEmail('newcomer');
    await signUpFromApp(page, shop, email);

    // The mail app on their phone: no cookies from the browser where they started.
    const { link } = await readEmail(page, email, 'Confirm your email address');
    const phonePage = await phone.newPage();
    await phonePage.goto(link);
    await phonePage.getByRole('button', { name: 'Confirm email address' }).click();
    await expect(phonePage.getByRole('heading', { name: 'Your email address is confirmed' })).toBeVisible();
    await expect(phonePage.getByText('This sign-in has expired')).toHaveCount(0);
    await expect(phonePage.getByText('Go back to Partner bakery')).toBeVisible();
    await phonePage.screenshot({ path: '/tmp/confirmed-in-other-browser.png' });
    await phonePage.getByRole('link', { name: 'Continue to Partner bakery' }).click();
    await expect(phonePage.getByRole('heading', { name: 'Partner bakery' })).toBeVisible();
  } finally {
    await phone.close();
    await shop.close();
  }
});
