import { expect, test } from '@playwright/test';
import { confirmEmail, newEmail, readEmail, signInWithPassword, signOut, signUpWithPassword } from './support/journeys';

test('a customer signs up with a password, confirms the email, signs out and signs back in', async ({ page }) => {
  const email = newEmail();
  await signUpWithPassword(page, email);

  await confirmEmail(page, email);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(email)).toBeVisible();
  await expect(page.getByText('(confirmed)')).toBeVisible();

  await signOut(page);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount/);

  await signInWithPassword(page, email);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
});

test('an unconfirmed customer sees that their email is not confirmed and can ask for a new link', async ({ page }) => {
  const email = newEmail();
  await signUpWithPassword(page, email);
  await signInWithPassword(page, email);
  await expect(page.getByText('Your email address is not confirmed yet')).toBeVisible();
  await page.getByRole('button', { name: 'Send a new confirmation link' }).click();
  await expect(page.getByText('We have sent a new confirmation link')).toBeVisible();
});

test('sign-up explains bad input next to each field', async ({ page }) => {
  await page.goto('/sign-up');
  await page.getByLabel('Email address').fill('not-an-email');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();
  await expect(page.getByText('Use at least 8 characters.', { exact: false })).toBeVisible();
  await expect(page.getByText('Accept the terms and privacy notice to create an account.')).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');

  // Only the server knows the breached-password list: its answer appears in the same place.
  await page.getByLabel('Email address').fill(newEmail());
  await page.getByLabel('Password', { exact: true }).fill('password123');
  await page.getByLabel(/I accept the terms/).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(/one of the most common/)).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('password123');
});

test('signing up with a taken email gives the same answer as a new one', async ({ page }) => {
  const email = newEmail();
  await signUpWithPassword(page, email);
  await signUpWithPassword(page, email, 'a different passphrase');
  const { text } = await readEmail(page, email, 'You already have an account');
  expect(text).toContain('You already have an account');
});

test('a customer signs up without a password and gets in through the emailed link', async ({ page }) => {
  const email = newEmail('passwordless');
  await page.goto('/sign-up');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel(/Without a password/).check();
  await expect(page.getByLabel('Password', { exact: true })).toHaveCount(0);
  await page.getByLabel(/I accept the terms/).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await confirmEmail(page, email);
  await expect(page.getByText('Email link or code (no password)')).toBeVisible();
  await signOut(page);
});
