import { expect, test } from '@playwright/test';
import { PASSWORD, readEmail, registeredCustomer, signInWithPassword } from './support/journeys';

test('a customer resets a forgotten password and every other device is signed out', async ({ page, browser }) => {
  const email = await registeredCustomer(page);

  // Another device, signed in with the old password.
  const laptop = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await signInWithPassword(laptopPage, email);
  await expect(laptopPage).toHaveURL(/\/account$/);

  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a reset link' }).click();
  await expect(page.getByText(/we have emailed it a link to reset the password/)).toBeVisible();

  const { link } = await readEmail(page, email, 'Reset your password');
  await page.goto(link);
  await page.getByLabel('New password').fill('qwerty123');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByText(/one of the most common/)).toBeVisible();
  await page.getByLabel('New password').fill('a whole new passphrase');
  await page.getByRole('button', { name: 'Save new password' }).click();
  // Following the reset link was this customer's third sign-in, so they are asked their name on the way.
  await page.getByLabel('First name').fill('Grace');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('Your password has been changed. Every other device has been signed out.')).toBeVisible();

  await laptopPage.reload();
  await expect(laptopPage).toHaveURL(/\/sign-in/);
  await laptop.close();

  // The link was single-use, and the old password is gone.
  await page.goto(link);
  await page.getByLabel('New password').fill('yet another passphrase');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByText(/already been used/)).toBeVisible();
  await page.context().clearCookies();
  await signInWithPassword(page, email, PASSWORD);
  await expect(page.getByText('That email and password do not match.', { exact: false })).toBeVisible();
});

test('asking to reset an unknown email gives the same answer', async ({ page }) => {
  await page.goto('/reset-password');
  await page.getByLabel('Email address').fill('nobody-here@example.test');
  await page.getByRole('button', { name: 'Email me a reset link' }).click();
  await expect(page.getByText('If an account exists for that address, we have emailed it a link to reset the password.', { exact: false })).toBeVisible();
});
