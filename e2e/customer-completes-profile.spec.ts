import { expect, test } from '@playwright/test';
import { registeredCustomer, signInWithPassword, signOut } from './support/journeys';

test('the third sign-in asks for the name, and a gated page asks for the phone first', async ({ page }) => {
  const email = await registeredCustomer(page); // sign-in 1: following the confirmation link

  await signInWithPassword(page, email); // sign-in 2
  await expect(page).toHaveURL(/\/account$/);
  await signOut(page);

  await signInWithPassword(page, email); // sign-in 3
  await expect(page).toHaveURL(/\/complete-profile/);
  await expect(page.getByRole('heading', { name: 'Tell us a little about you' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('Enter your first name.')).toBeVisible();
  // Whatever a person types is shown as text, never run as markup.
  await page.getByLabel('First name').fill('<script>alert(1)</script>Ada');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Hello, <script>alert(1)</script>Ada' })).toBeVisible();

  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByRole('link', { name: /Recovery phone/ }).click();
  await expect(page).toHaveURL(/\/complete-profile\?area=/);
  await expect(page.getByRole('heading', { name: 'What is your phone number?' })).toBeVisible();
  await page.getByLabel('Phone number').fill('call me maybe');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText(/with its country code/)).toBeVisible();
  await page.getByLabel('Phone number').fill('+44 20 7946 0958');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/account\/recovery$/);
  await expect(page.getByText('+44 20 7946 0958')).toBeVisible();
});
