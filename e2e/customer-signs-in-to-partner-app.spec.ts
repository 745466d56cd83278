import { expect, test } from '@playwright/test';
import { turnOnTwoStep } from './support/authenticator';
import { PASSWORD, registeredCustomer, signInWithPassword } from './support/journeys';
import { signInToApp, startRelyingParty } from './support/relying-party';

test('a customer signs in to a partner app with their account, then to a second app without a password', async ({ page, baseURL }) => {
  const issuer = `${baseURL}/oidc`;
  const partner = await startRelyingParty({ name: 'Partner shop', issuer });
  const forum = await startRelyingParty({ name: 'Company forum', issuer, firstParty: true });
  try {
    const email = await registeredCustomer(page);

    await page.goto(partner.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fauthorize%2F/);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await expect(page.getByRole('heading', { name: 'Partner shop wants to use your account' })).toBeVisible();
    await expect(page.getByText('Your email address')).toBeVisible();
    await page.screenshot({ path: '/tmp/oidc-consent.png' });
    await page.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Partner shop' })).toBeVisible();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

    // Single sign-on: the second app gets the customer without a sign-in page or a password.
    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });
    await page.waitForLoadState('networkidle');
    await page.goto(forum.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Company forum' })).toBeVisible();
    expect(visited.filter((url) => new URL(url).pathname === '/sign-in')).toEqual([]);

    // Back at the first app later: signed in again straight away, consent remembered.
    await page.waitForLoadState('networkidle');
    await page.goto(partner.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  } finally {
    await partner.close();
    await forum.close();
  }
});

test('a partner app that asks for a fresh sign-in gets one: the customer confirms with their password, not a new sign-in', async ({ page, baseURL }) => {
  const partner = await startRelyingParty({ name: 'Partner bank', issuer: `${baseURL}/oidc`, firstParty: true });
  try {
    const email = await registeredCustomer(page);
    await signInToApp(page, partner, email);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

    // Before a payment the app sends prompt=login: already signed in, the customer still confirms.
    await page.waitForLoadState('networkidle');
    await page.goto(partner.url);
    await page.getByRole('link', { name: 'Confirm it is you, then pay' }).click();
    await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
    await expect(page.getByText('The app you are going to asks for a recent sign-in.')).toBeVisible();
    await page.screenshot({ path: '/tmp/oidc-prompt-login.png', fullPage: true });
    await page.getByLabel('Password', { exact: true }).fill('not my password');
    await page.getByRole('button', { name: 'Confirm with password' }).click();
    await expect(page.getByText('That password is not right.')).toBeVisible();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Confirm with password' }).click();
    await expect(page.getByRole('heading', { name: 'Partner bank' })).toBeVisible();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  } finally {
    await partner.close();
  }
});

test('signing out in a partner app signs the customer out of Gatehouse too, after asking', async ({ page, baseURL }) => {
  const partner = await startRelyingParty({ name: 'Partner cinema', issuer: `${baseURL}/oidc`, firstParty: true });
  try {
    const email = await registeredCustomer(page);
    await signInToApp(page, partner, email);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

    await page.getByRole('link', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign out of Gatehouse?' })).toBeVisible();
    await expect(page.getByText('Partner cinema asked to sign you out.')).toBeVisible();
    await page.screenshot({ path: '/tmp/oidc-logout.png', fullPage: true });
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page.getByText('You are signed out of this app.')).toBeVisible();

    // The Gatehouse session ended with it: the account area asks to sign in.
    await page.goto('/account');
    await expect(page).toHaveURL(/\/sign-in/);
  } finally {
    await partner.close();
  }
});

test('a customer with two-step verification confirms a payment in a partner app with a code from their authenticator app', async ({ page, baseURL }) => {
  const partner = await startRelyingParty({ name: 'Partner travel', issuer: `${baseURL}/oidc`, firstParty: true });
  try {
    const email = await registeredCustomer(page);
    await signInWithPassword(page, email);
    await expect(page).toHaveURL(/\/account$/);
    const app = await turnOnTwoStep(page);

    // Already signed in: the app gets the customer straight away (single sign-on).
    await page.goto(partner.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

    await page.waitForLoadState('networkidle');
    await page.goto(partner.url);
    await page.getByRole('link', { name: 'Confirm it is you, then pay' }).click();
    await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
    await page.getByLabel('Code from your authenticator app').fill('000000');
    await page.getByRole('button', { name: 'Confirm with code' }).click();
    await expect(page.getByText('That code is not right. Enter the current code from your authenticator app.')).toBeVisible();
    await page.getByLabel('Code from your authenticator app').fill(app.nextCode());
    await page.getByRole('button', { name: 'Confirm with code' }).click();
    await expect(page.getByRole('heading', { name: 'Partner travel' })).toBeVisible();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  } finally {
    await partner.close();
  }
});
