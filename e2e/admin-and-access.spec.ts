import { expect, test } from '@playwright/test';
import { newEmail, registeredCustomer, signInWithPassword, signUpWithPassword } from './support/journeys';
import { signInAsAdministrator } from './support/staff';

test('the seeded administrator signs in, opens the admin console and sees who has not confirmed their email', async ({ page }) => {
  const unconfirmed = newEmail('unconfirmed');
  await signUpWithPassword(page, unconfirmed);
  await signInAsAdministrator(page);
  await page.getByRole('link', { name: 'Admin console' }).click();
  await expect(page.getByRole('heading', { name: 'Admin console' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: unconfirmed });
  await expect(row.getByRole('cell', { name: 'Not confirmed' })).toBeVisible();
});

test('a customer cannot open the admin console', async ({ page }) => {
  const email = await registeredCustomer(page);
  await signInWithPassword(page, email);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('link', { name: 'Admin console' })).toHaveCount(0);
  const response = await page.goto('/admin');
  expect(response?.status()).toBe(404);
});

test('an anonymous visitor is sent to sign in, and never to another site afterwards', async ({ page }) => {
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin/);
  const email = await registeredCustomer(page);
  await page.goto('/sign-in?next=https://evil.example/phish');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('quiet orchard lantern 42');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/localhost:\d+\/account$/);
});

test('pages carry security headers', async ({ request }) => {
  const response = await request.get('/sign-in');
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-powered-by']).toBeUndefined();
});
