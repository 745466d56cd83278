import { expect, test } from '@playwright/test';
import { readEmail, registeredCustomer } from './support/journeys';

test('a customer signs in with an emailed link and lands where they were going', async ({ page }) => {
  const email = await registeredCustomer(page);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByRole('link', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in with a link' })).toBeVisible();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByText(/a sign-in link is on its way/)).toBeVisible();

  const { link } = await readEmail(page, email, 'Your sign-in link');
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);

  // The link is single-use.
  await page.context().clearCookies();
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('This sign-in link has already been used. Request a new one.')).toBeVisible();
});

test('a customer signs in with a 6-digit code from their email', async ({ page }) => {
  const email = await registeredCustomer(page);
  await page.getByRole('link', { name: 'Email me a code' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in with a code' })).toBeVisible();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await expect(page.getByLabel('6-digit code')).toBeVisible();

  const codePage = await page.context().newPage();
  const { text } = await readEmail(codePage, email, /Your sign-in code/);
  const code = /\b(\d{6})\b/.exec(text)![1]!;
  await codePage.close();

  await page.getByLabel('6-digit code').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Sign in with code' }).click();
  await expect(page.getByText('That code is not right or has expired.', { exact: false })).toBeVisible();

  await page.getByLabel('6-digit code').fill(code);
  await page.getByRole('button', { name: 'Sign in with code' }).click();
  await expect(page).toHaveURL(/\/account$/);
});

test('wrong codes until lockout: the right code no longer works', async ({ page }) => {
  const email = await registeredCustomer(page);
  await page.goto('/sign-in/code');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  const codePage = await page.context().newPage();
  const code = /\b(\d{6})\b/.exec((await readEmail(codePage, email, /Your sign-in code/)).text)![1]!;
  await codePage.close();
  const wrong = code === '000000' ? '111111' : '000000';
  for (let i = 0; i < 5; i += 1) {
    await page.getByLabel('6-digit code').fill(wrong);
    await page.getByRole('button', { name: 'Sign in with code' }).click();
    await expect(page.getByText('That code is not right or has expired.', { exact: false })).toBeVisible();
  }
  await page.getByLabel('6-digit code').fill(code);
  await page.getByRole('button', { name: 'Sign in with code' }).click();
  await expect(page.getByText('That code is not right or has expired.', { exact: false })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in\/code/);
});
