import { expect, test } from '@playwright/test';
import { registeredCustomer } from './support/journeys';
import { giveRole, signInAsAdministrator, signInPastQuestions } from './support/staff';

test.describe.configure({ timeout: 120_000 });

test('a compliance officer tries a retention policy, runs it, sees it in the history and places a legal hold', async ({ page, browser, baseURL }) => {
  const customer = await registeredCustomer(page, 'litigant');
  const officer = await registeredCustomer(page, 'compliance-officer');
  await signInAsAdministrator(page);
  await giveRole(page, 'compliance', officer);

  const officerContext = await browser.newContext({ baseURL });
  const officerPage = await officerContext.newPage();
  await signInPastQuestions(officerPage, officer);
  await officerPage.getByRole('link', { name: 'Admin console' }).click();
  await officerPage.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Retention' }).click();
  await expect(officerPage.getByRole('heading', { name: 'Retention', exact: true })).toBeVisible();

  // The development outbox holds the emails of every sign-up so far: keep none of them.
  const outbox = officerPage.getByRole('region', { name: 'Development outbox' });
  await expect(outbox.getByText('Disabled', { exact: true })).toBeVisible();
  await outbox.getByLabel('Keep for (days)').fill('-3');
  await outbox.getByRole('button', { name: 'Save policy' }).click();
  await expect(outbox.getByText('Enter 0 days or more.')).toBeVisible();
  await outbox.getByLabel('Keep for (days)').fill('0');
  await outbox.getByRole('button', { name: 'Save policy' }).click();
  await expect(outbox.getByText('Development outbox: saved (disabled).')).toBeVisible();
  await expect(outbox.getByRole('button', { name: 'Run now' })).toHaveCount(0);

  await outbox.getByRole('button', { name: 'Dry run' }).click();
  const counted = outbox.getByText(/^\d+ messages? would be deleted\.$/);
  await expect(counted).toBeVisible();
  const wouldDelete = Number((await counted.textContent())!.split(' ')[0]);
  expect(wouldDelete).toBeGreaterThan(0);
  await officerPage.screenshot({ path: '/tmp/retention-dry-run.png', fullPage: true });

  await outbox.getByLabel('Enabled').check();
  await outbox.getByRole('button', { name: 'Save policy' }).click();
  await expect(outbox.getByText('Development outbox: saved and enabled.')).toBeVisible();
  await outbox.getByRole('button', { name: 'Run now' }).click();
  await expect(outbox.getByText(/^\d+ messages? (was|were) deleted\.$/)).toBeVisible();

  const history = officerPage.getByRole('table', { name: 'Run history, newest first' });
  const realRun = history.getByRole('row').filter({ hasText: 'Development outbox' }).filter({ has: officerPage.getByRole('cell', { name: 'No', exact: true }) });
  await expect(realRun.first()).toContainText(officer);
  await expect(realRun.first()).toContainText('Run now');
  await expect(realRun.first()).toContainText('completed');
  const dryRun = history.getByRole('row').filter({ hasText: 'Development outbox' }).filter({ has: officerPage.getByRole('cell', { name: 'Yes', exact: true }) });
  await expect(dryRun.first()).toContainText(String(wouldDelete));
  await officerPage.screenshot({ path: '/tmp/retention-page.png', fullPage: true });

  // A legal hold on a customer, from their profile.
  await officerPage.goto(`/admin/users?q=${encodeURIComponent(customer)}`);
  await officerPage.getByRole('link', { name: customer }).click();
  const hold = officerPage.getByRole('region', { name: 'Legal hold' });
  await hold.getByRole('button', { name: 'Place legal hold' }).click();
  await expect(hold.getByText('Say why the hold is needed')).toBeVisible();
  await hold.getByLabel('Reason for the hold').fill('Litigation hold, case 2026-17');
  await hold.getByRole('button', { name: 'Place legal hold' }).click();
  await expect(hold.getByText('Under legal hold.')).toBeVisible();
  await expect(hold.getByText('Litigation hold, case 2026-17')).toBeVisible();
  await expect(officerPage.getByRole('heading', { level: 1 })).toContainText('Legal hold');
  await officerPage.screenshot({ path: '/tmp/legal-hold.png', fullPage: true });

  // The administrator sees the hold recorded in the audit log.
  await page.goto('/admin/audit?action=user.legal_hold_placed');
  await expect(page.getByRole('row').nth(1)).toContainText('Litigation hold, case 2026-17');
  await officerContext.close();
});
