import { expect, test } from '@playwright/test';
import { readEmail, registeredCustomer, signIn } from './support/journeys';

// On this server a sign-in counts as recent for 6 seconds (STEP_UP_MAX_AGE_MINUTES=0.1).
const STALE = 7_000;

test('changing the password after a while asks the customer to confirm it is them, then carries on', async ({ page }) => {
  const email = await registeredCustomer(page);
  await signIn(page, email);
  await page.waitForTimeout(STALE);

  await page.goto('/account/security/password');
  await page.getByLabel('New password', { exact: true }).fill('a fresh quiet passphrase');
  await page.getByLabel('Repeat the new password').fill('a fresh quiet passphrase');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill('not my password');
  await page.getByRole('button', { name: 'Confirm with password' }).click();
  await expect(page.getByText('That password is not right.')).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill('quiet orchard lantern 42');
  await page.getByRole('button', { name: 'Confirm with password' }).click();

  await expect(page).toHaveURL(/\/account\/security\/password$/);
  await page.getByLabel('New password', { exact: true }).fill('a fresh quiet passphrase');
  await page.getByLabel('Repeat the new password').fill('a fresh quiet passphrase');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password is saved. Other devices have been signed out.')).toBeVisible();
});

test('deleting the account after a while asks for an emailed code first', async ({ page }) => {
  const email = await registeredCustomer(page);
  await signIn(page, email);
  await page.waitForTimeout(STALE);

  await page.goto('/account/delete');
  await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
  await page.getByRole('button', { name: 'Email me a code instead' }).click();
  await expect(page.getByLabel('6-digit code')).toBeVisible();
  const mailPage = await page.context().newPage();
  const code = /\b(\d{6})\b/.exec((await readEmail(mailPage, email, /Your sign-in code/)).text)![1]!;
  await mailPage.close();
  await page.getByLabel('6-digit code').fill(code);
  await page.getByRole('button', { name: 'Confirm with code' }).click();

  await expect(page.getByRole('heading', { name: 'Delete your account' })).toBeVisible();
  await page.getByLabel('Type DELETE to confirm').fill('DELETE');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByRole('heading', { name: 'Your account is closed' })).toBeVisible();
});
