import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { registeredCustomer, signInWithPassword } from './support/journeys';
import { giveRole, signInAsAdministrator, signInPastQuestions } from './support/staff';

test('a compliance officer adds a purpose and publishes new terms; customers accept them at their next sign-in, and the rates show it', async ({ browser }) => {
  const setup = await browser.newPage();
  const officer = await registeredCustomer(setup, 'compliance-officer');
  const customer = await registeredCustomer(setup, 'customer');
  await signInAsAdministrator(setup);
  await giveRole(setup, 'compliance', officer);
  await setup.context().close();

  const page = await (await browser.newContext()).newPage();
  await signInPastQuestions(page, officer);
  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Consent' }).click();
  await expect(page.getByRole('heading', { name: 'Consent', level: 1 })).toBeVisible();

  // A new optional purpose, with a mistake corrected on the way.
  const key = `sms_offers_${randomUUID().slice(0, 6)}`;
  await page.getByLabel('Name', { exact: true }).fill('SMS offers');
  await page.getByLabel('Key').fill('SMS Offers');
  await page.getByLabel('Title of the first version').fill('Offers by text message');
  await page.getByLabel('Text of the first version').fill('A text message when we have an offer for you. Reply STOP to end them.');
  await page.getByRole('button', { name: 'Add purpose' }).click();
  await expect(page.getByText('Use lowercase letters, digits and single underscores')).toBeVisible();
  await page.getByLabel('Key').fill(key);
  await page.getByRole('button', { name: 'Add purpose' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/consent/${key}$`));
  await expect(page.getByRole('heading', { name: 'SMS offers', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Versions, newest first' })).toContainText('Version 1: Offers by text message');

  // New terms of service.
  await page.getByRole('link', { name: '← All purposes and documents' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'SMS offers' })).toContainText('No decisions yet');
  await page.getByRole('link', { name: 'Terms of service' }).click();
  const newText = `We now also offer repairs at home (${randomUUID().slice(0, 8)}).`;
  await page.getByLabel('Text of the new version').fill(newText);
  await page.getByRole('button', { name: 'Publish version' }).click();
  const published = page.getByText(/Published version \d+ of "terms"\. Customers will be asked to accept it at their next sign-in\./);
  await expect(published).toBeVisible();
  const version = Number(/version (\d+)/.exec((await published.textContent())!)![1]);
  await expect(page.getByRole('list', { name: 'Versions, newest first' }).getByRole('listitem').first()).toContainText(newText);

  // The customer signs in afterwards and is asked to accept the new terms first.
  const customerPage = await (await browser.newContext()).newPage();
  await signInWithPassword(customerPage, customer);
  await expect(customerPage).toHaveURL(/\/accept-terms/);
  const terms = customerPage.getByRole('article', { name: 'Terms of service' });
  await expect(terms).toContainText(`Version ${version}`);
  await expect(terms.getByText(newText)).toBeVisible();
  await customerPage.getByRole('button', { name: 'Accept and continue' }).click();
  await expect(customerPage).toHaveURL(/\/account$/);

  // The report shows the acceptance on the new version.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Consent rate over the last 90 days' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Consent rate for Terms of service over the last 90 days' })).toBeVisible();
  await page.getByText('The same numbers as a table').click();
  const table = page.getByRole('table', { name: /Consent rate for Terms of service by day/ });
  await expect(table.getByRole('columnheader', { name: `On version ${version}` })).toBeVisible();
  const today = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new Date().toISOString().slice(0, 10) }) });
  // Only the customer has accepted the version published a moment ago.
  await expect(today.getByRole('cell').last()).toHaveText('1');
  await expect(today.getByRole('cell').first()).toHaveText(/^\d+(\.\d)?%$/);
  await page.getByRole('heading', { name: 'Consent rate over the last 90 days' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/consent-rate-report.png', fullPage: true });
});
