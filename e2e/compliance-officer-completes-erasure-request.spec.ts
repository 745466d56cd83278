import { readFile } from 'node:fs/promises';
import { expect, test, type Browser } from '@playwright/test';
import { readEmail, registeredCustomer } from './support/journeys';
import { giveRole, signInAsAdministrator, signInPastQuestions } from './support/staff';

/** An administrator makes someone a compliance officer; they sign in in a browser of their own. */
async function complianceOfficer(browser: Browser) {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const email = await registeredCustomer(admin, 'compliance-officer');
  await signInAsAdministrator(admin);
  await giveRole(admin, 'compliance', email);
  await adminContext.close();
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInPastQuestions(page, email);
  return { page, context, email };
}

async function fileRequest(page: import('@playwright/test').Page, customerEmail: string, kind: 'Access (copy of data)' | 'Erasure') {
  await page.goto('/admin/requests');
  const form = page.getByRole('region', { name: 'File a request' });
  await form.getByLabel("Customer's email address").fill(customerEmail);
  await form.getByLabel('Kind of request').selectOption({ label: kind });
  await form.getByRole('button', { name: 'File request' }).click();
}

test.describe.configure({ timeout: 120_000 });

test('a compliance officer files an erasure request for a customer, takes it, runs it and sees the evidence', async ({ browser }) => {
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  const customerEmail = await registeredCustomer(customer);

  const { page: officer, context, email: officerEmail } = await complianceOfficer(browser);

  // A typo gets a message next to the field, not a request for nobody.
  await fileRequest(officer, 'nobody-by-that-name@example.test', 'Erasure');
  await expect(officer.getByText('No customer account uses this email address')).toBeVisible();
  await fileRequest(officer, customerEmail, 'Erasure');
  await expect(officer.getByRole('heading', { name: 'Erasure request', level: 1 })).toBeVisible();
  await expect(officer.getByRole('list', { name: 'Timeline' })).toContainText(`Filed · by ${officerEmail}`);
  const acknowledgement = await readEmail(customer, customerEmail, 'We have received your data request');
  expect(acknowledgement.text).toContain('erase your account');

  await officer.goto('/admin/requests?assignee=unassigned&type=erasure');
  await officer.getByRole('table', { name: /Data requests matching the filters/ }).getByRole('link', { name: customerEmail }).click();
  await officer.getByRole('combobox', { name: 'Assignee' }).selectOption({ label: 'Me' });
  await officer.getByRole('button', { name: 'Assign request' }).click();
  await expect(officer.getByText('The request is assigned to you.')).toBeVisible();

  await officer.goto('/admin/requests?assignee=me');
  const queue = officer.getByRole('table', { name: /Data requests matching the filters/ });
  await expect(queue.getByRole('row').filter({ hasText: customerEmail })).toContainText('Open');
  await officer.screenshot({ path: '/tmp/dsr-queue.png', fullPage: true });
  await queue.getByRole('link', { name: customerEmail }).click();

  await officer.getByLabel("Type the customer's email address to confirm").fill('not-them@example.test');
  await officer.getByRole('button', { name: 'Run erasure' }).click();
  await expect(officer.getByText("That is not the customer's email address")).toBeVisible();
  await officer.getByLabel("Type the customer's email address to confirm").fill(customerEmail);
  await officer.screenshot({ path: '/tmp/dsr-request-open.png', fullPage: true });
  await officer.getByRole('button', { name: 'Run erasure' }).click();

  const request = officer.getByRole('region', { name: 'Request', exact: true });
  await expect(request.getByText('Completed', { exact: true })).toBeVisible();
  const evidence = officer.getByRole('table', { name: 'Rows touched by the erasure' });
  await expect(evidence.getByRole('row', { name: 'User 1' })).toBeVisible();
  await expect(evidence.getByRole('row', { name: /^Session \d+$/ })).toBeVisible();
  await expect(officer.getByRole('list', { name: 'Timeline' })).toContainText('Completed');
  await expect(request.getByText('No longer exists')).toBeVisible();
  await officer.screenshot({ path: '/tmp/dsr-request-erased.png', fullPage: true });

  const notice = await readEmail(customer, customerEmail, 'Your data has been erased');
  expect(notice.text).toContain('we have erased your account');

  await context.close();
  await customerContext.close();
});

test('a compliance officer answers an access request with an export the customer downloads from their privacy page', async ({ browser }) => {
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  const customerEmail = await registeredCustomer(customer);
  const { page: officer, context } = await complianceOfficer(browser);

  await fileRequest(officer, customerEmail, 'Access (copy of data)');
  await expect(officer.getByRole('heading', { name: 'Access request', level: 1 })).toBeVisible();
  const requestUrl = officer.url();
  await officer.getByRole('button', { name: 'Run export' }).click();
  await expect(officer.getByRole('region', { name: 'Request', exact: true }).getByText('Completed', { exact: true })).toBeVisible();
  const contents = officer.getByRole('table', { name: 'What the export contained' });
  await expect(contents.getByRole('row', { name: /^Consent records \d+$/ })).toBeVisible();
  await officer.screenshot({ path: '/tmp/dsr-request-exported.png', fullPage: true });

  const downloading = officer.waitForEvent('download');
  await officer.getByRole('link', { name: 'Download the export (JSON)' }).click();
  const file = JSON.parse(await readFile((await (await downloading).path())!, 'utf8'));
  expect(file.subject.email).toBe(customerEmail);
  await officer.reload();
  await expect(officer.getByRole('list', { name: 'Timeline' })).toContainText('Export downloaded by staff');

  const { link } = await readEmail(customer, customerEmail, 'Your data is ready to download');
  await signInPastQuestions(customer, customerEmail);
  await customer.goto(link);
  await expect(customer.getByRole('button', { name: 'Download my data' })).toBeVisible();
  // The customer has no way into the queue, nor to the staff copy of their file.
  expect((await customer.request.get(requestUrl)).status()).toBe(404);
  expect((await customer.request.get(`${requestUrl}/export`)).status()).toBe(404);

  await context.close();
  await customerContext.close();
});
