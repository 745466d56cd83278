import { expect, test } from '@playwright/test';
import { registeredCustomer, signInWithPassword } from './support/journeys';

test('repeated wrong passwords lock the account with a clear message', async ({ page }) => {
  const email = await registeredCustomer(page);
  for (let i = 1; i <= 4; i += 1) {
    await signInWithPassword(page, email, `wrong guess ${i}`);
    await expect(page.getByText('That email and password do not match.', { exact: false })).toBeVisible();
  }
  await signInWithPassword(page, email, 'wrong guess 5');
  await expect(page.getByText(/Too many failed attempts\. For your security, password sign-in for this account is paused for 15 minutes/)).toBeVisible();

  // Even the right password waits; the emailed link still works.
  await signInWithPassword(page, email);
  await expect(page.getByText(/paused for/)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});
