import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { registeredCustomer, signInWithPassword } from './support/journeys';
import { signInAsAdministrator } from './support/staff';

// Three people (the administrator and two customers) each sign in.
test.describe.configure({ timeout: 120_000 });

test('an administrator adds a profile field, has it asked from the second sign-in, and turns it off again', async ({ browser }) => {
  const setup = await browser.newPage();
  const first = await registeredCustomer(setup, 'asked'); // sign-in 1: following the confirmation link
  const second = await registeredCustomer(setup, 'not-asked');
  await setup.context().close();

  const page = await (await browser.newContext()).newPage();
  await signInAsAdministrator(page);
  await page.goto('/admin/profile-fields');
  await expect(page.getByRole('heading', { name: 'Profile fields', level: 1 })).toBeVisible();

  const key = `company_${randomUUID().slice(0, 6)}`;
  await page.getByLabel('Label').fill('Company name');
  await page.getByLabel('Key').fill(key);
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByRole('heading', { name: 'Company name', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: '← All profile fields' }).click();
  const row = page.getByRole('row').filter({ hasText: key });
  await expect(row).toContainText('Never (profile page only)');
  await page.screenshot({ path: '/tmp/profile-fields.png', fullPage: true });

  // Ask it from the second sign-in; the form explains a bad number next to the field.
  await row.getByRole('link', { name: 'Company name' }).click();
  // The list page has an add-field form with the same fields: wait for the field's own page.
  await expect(page.getByRole('heading', { name: 'Company name', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save field' })).toBeEnabled();
  // Chosen again until the form shows the number field: a choice made before the page is interactive is lost.
  await expect(async () => {
    await page.getByLabel('When to ask').selectOption({ label: 'After a number of sign-ins' });
    await expect(page.getByLabel('Ask from sign-in number')).toBeVisible({ timeout: 1000 });
  }).toPass();
  await page.getByLabel('Ask from sign-in number').fill('0');
  await page.getByRole('button', { name: 'Save field' }).click();
  await expect(page.getByText('Enter a number of sign-ins from 1 to 1000.')).toBeVisible();
  await page.getByLabel('Ask from sign-in number').fill('2');
  await page.getByRole('button', { name: 'Save field' }).click();
  await expect(page.getByText('The field is saved.')).toBeVisible();
  await page.screenshot({ path: '/tmp/profile-field-edit.png', fullPage: true });
  await page.getByRole('link', { name: '← All profile fields' }).click();
  await expect(page.getByRole('row').filter({ hasText: key })).toContainText('From sign-in 2');
  await page.getByRole('row').filter({ hasText: key }).getByRole('link', { name: 'Company name' }).click();

  // The customer's second sign-in asks for it.
  const customer = await (await browser.newContext()).newPage();
  await signInWithPassword(customer, first);
  await expect(customer).toHaveURL(/\/complete-profile/);
  await customer.getByLabel(/Company name/).fill('Acme Repairs');
  await customer.getByRole('button', { name: 'Continue' }).click();
  await expect(customer).toHaveURL(/\/account$/);
  await customer.goto('/account/profile');
  await expect(customer.getByLabel(/Company name/)).toHaveValue('Acme Repairs');

  // Turned off, it is no longer asked.
  await page.getByLabel('Active: asked and shown on the profile page').uncheck();
  await page.getByRole('button', { name: 'Save field' }).click();
  await expect(page.getByText('The field is saved.')).toBeVisible();
  await page.goto('/admin/profile-fields');
  await expect(page.getByRole('row').filter({ hasText: key })).toContainText('Inactive');

  const other = await (await browser.newContext()).newPage();
  await signInWithPassword(other, second);
  await expect(other).toHaveURL(/\/account$/);
});
