import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { registeredCustomer, signInWithPassword } from './support/journeys';

test('a customer turns marketing email on and off, sees both in the history, downloads their data and sees their sign-ins', async ({ page }) => {
  const email = await registeredCustomer(page);
  await signInWithPassword(page, email);
  await expect(page).toHaveURL(/\/account$/);

  await page.getByRole('link', { name: 'Privacy', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Privacy', level: 1 })).toBeVisible();
  const marketing = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Marketing email' }) });
  await expect(marketing.getByText('Off', { exact: true })).toBeVisible();
  const history = page.getByRole('table', { name: /History of your consent choices/ });
  const marketingRows = history.getByRole('row').filter({ hasText: 'Marketing email' });
  await expect(marketingRows).toHaveCount(0);

  await page.getByRole('button', { name: 'Turn on marketing email' }).click();
  await expect(page.getByText('Marketing email is now on.')).toBeVisible();
  await expect(marketing.getByText('On', { exact: true })).toBeVisible();
  await expect(marketing).toContainText('You agreed to version 1');
  await expect(marketingRows).toHaveCount(1);
  await expect(marketingRows.first()).toContainText('Version 1');
  await expect(marketingRows.first()).toContainText('Turned on');
  await expect(marketingRows.first()).toContainText('In your privacy settings');

  await page.getByRole('button', { name: 'Turn off marketing email' }).click();
  await expect(page.getByText('Marketing email is now off.')).toBeVisible();
  await expect(marketing.getByText('Off', { exact: true })).toBeVisible();
  await expect(marketingRows).toHaveCount(2);
  await expect(marketingRows.nth(0)).toContainText('Turned off');
  await expect(marketingRows.nth(1)).toContainText('Turned on');
  // The documents accepted at sign-up are there too.
  await expect(history.getByRole('row').filter({ hasText: 'Terms of service' }).first()).toContainText('When you signed up');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download my data' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^gatehouse-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(data).toMatchObject({ format: 'gatehouse.export', version: 1, profile: { email } });
  const marketingHistory = data.consent.history.filter((entry: { purpose: string }) => entry.purpose === 'marketing_email');
  expect(marketingHistory.map((entry: { granted: boolean; version: number }) => [entry.granted, entry.version])).toEqual([
    [false, 1],
    [true, 1],
  ]);
  // Another site cannot make the browser ask for the file.
  const forged = await page.request.post('/account/privacy/export', { headers: { origin: 'https://evil.example' } });
  expect(forged.status()).toBe(403);

  await page.getByRole('link', { name: 'Activity', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
  const activity = page.getByRole('list', { name: 'Account activity' });
  await expect(activity.getByText('You downloaded your data')).toBeVisible();
  await expect(activity.getByText('You turned off marketing email (version 1)')).toBeVisible();
  await expect(activity.getByText('You signed in with your password')).toBeVisible();
  await expect(activity.getByText('You created your account')).toBeVisible();
});
