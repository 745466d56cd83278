import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { authenticatorApp } from './support/authenticator';
import { registeredCustomer, signInWithPassword, signOut } from './support/journeys';

async function reachTwoStep(page: Page, email: string) {
  await signInWithPassword(page, email);
  await expect(page).toHaveURL(/\/sign-in\/two-step/);
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible();
}

test('a customer turns on two-step verification, then signs in with app codes and a recovery code', async ({ page }) => {
  const email = await registeredCustomer(page, 'two-step');
  await signInWithPassword(page, email);
  await expect(page).toHaveURL(/\/account$/);

  await page.goto('/account/security/mfa');
  await expect(page.getByText('Off.', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page.getByRole('img', { name: /QR code to add/ })).toBeVisible();
  const app = authenticatorApp(await page.getByLabel('Setup key').inputValue());

  await page.getByLabel('6-digit code from the app').fill('12345');
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await expect(page.getByText('Enter the 6-digit code from your authenticator app.')).toBeVisible();
  await page.getByLabel('6-digit code from the app').fill(app.nextCode());
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();

  const codes = page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  await expect(page.getByText('On', { exact: true })).toBeVisible();
  const recoveryCode = (await codes.first().innerText()).trim();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download as text' }).click();
  expect(readFileSync(await (await download).path(), 'utf8')).toContain(recoveryCode);
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
  await expect(page.getByText('Signing in asks for a code from your authenticator app.')).toBeVisible();
  await expect(page.getByText('10 of 10 unused')).toBeVisible();
  await signOut(page);

  // Password, then a code from the app; a wrong code is explained next to the field.
  await reachTwoStep(page, email);
  await page.getByLabel('6-digit code').fill('000000');
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page.getByText('That code is not right.', { exact: false })).toBeVisible();
  await page.getByLabel('6-digit code').fill(app.nextCode());
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  // The third sign-in asks for a first name, after both factors.
  await expect(page).toHaveURL(/\/complete-profile/);
  await page.getByLabel('First name').fill('Ada');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await signOut(page);

  // Without the phone: a recovery code, once.
  await reachTwoStep(page, email);
  await page.getByRole('button', { name: 'Use a recovery code' }).click();
  await page.getByLabel('Recovery code').fill(recoveryCode);
  await page.getByRole('button', { name: 'Use recovery code and sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/account/security/mfa');
  await expect(page.getByText('9 of 10 unused')).toBeVisible();
  await signOut(page);

  await reachTwoStep(page, email);
  await page.getByRole('button', { name: 'Use a recovery code' }).click();
  await page.getByLabel('Recovery code').fill(recoveryCode);
  await page.getByRole('button', { name: 'Use recovery code and sign in' }).click();
  await expect(page.getByText('That recovery code is not right, or it has already been used.')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in\/two-step/);
});
