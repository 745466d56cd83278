import { expect, test } from '@playwright/test';
import { newEmail, readEmail, signInWithPassword, signUpWithPassword } from './support/journeys';

test('someone signs up with another person’s address; once its owner signs in with an emailed link, the squatter’s password and session are gone', async ({ page, browser }) => {
  const victim = newEmail('victim');
  const squatter = await browser.newContext();
  const squatterPage = await squatter.newPage();
  // The squatter chooses a password for an address they do not own, never confirms it, and gets in.
  await signUpWithPassword(squatterPage, victim, 'squatters own passphrase 7');
  await signInWithPassword(squatterPage, victim, 'squatters own passphrase 7');
  await expect(squatterPage.getByText('Your email address is not confirmed yet')).toBeVisible();

  // The owner, in their own browser, signs in with a link from their mailbox.
  await page.goto('/sign-in/link');
  await page.getByLabel('Email address').fill(victim);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByText(/a sign-in link is on its way/)).toBeVisible();
  const { link } = await readEmail(page, victim, 'Your sign-in link');
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(`${victim}`).first()).toBeVisible();
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByText(/every password, passkey, two-step factor, linked account, session and app access set up before it was removed/)).toBeVisible();

  // The squatter's session has ended, and their password no longer opens the account.
  await squatterPage.goto('/account');
  await expect(squatterPage).toHaveURL(/\/sign-in/);
  await signInWithPassword(squatterPage, victim, 'squatters own passphrase 7');
  await expect(squatterPage.getByText('That email and password do not match.', { exact: false })).toBeVisible();
  await squatter.close();
});
