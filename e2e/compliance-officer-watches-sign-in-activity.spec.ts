import { expect, test, type Page } from '@playwright/test';
import { newEmail, registeredCustomer, signInWithPassword, signUpWithPassword } from './support/journeys';
import { giveRole, signInAsAdministrator, signInPastQuestions } from './support/staff';

test.describe.configure({ timeout: 120_000 });

/** Opens a chart's numbers and reads today's row, the way a screen-reader user would: from the table. */
async function todaysNumbers(page: Page, chart: string) {
  const panel = page.getByRole('region', { name: chart });
  await panel.getByText('Show the numbers').click();
  const today = new Date().toISOString().slice(0, 10);
  const row = panel.getByRole('table', { name: `${chart}, per day` }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: today }) });
  const cells = await row.getByRole('cell').allInnerTexts();
  return cells.map((text) => Number(text.replace(/[^\d.]/g, '')));
}

test('a compliance officer watches the dashboard count a fresh sign-up and a failed sign-in', async ({ page, browser, baseURL }) => {
  const officerEmail = await registeredCustomer(page, 'officer');
  await signInAsAdministrator(page);
  await giveRole(page, 'compliance', officerEmail);

  const officerContext = await browser.newContext({ baseURL });
  const officer = await officerContext.newPage();
  await signInPastQuestions(officer, officerEmail);
  await officer.goto('/admin');
  await officer.getByRole('navigation', { name: 'Range' }).getByRole('link', { name: '7 days' }).click();
  await expect(officer).toHaveURL(/\/admin\?days=7$/);
  await expect(officer.getByRole('heading', { name: 'Activity in the last 7 days' })).toBeVisible();
  await expect(officer.getByRole('navigation', { name: 'Range' }).getByRole('link', { name: '7 days' })).toHaveAttribute('aria-current', 'page');
  const [signUpsBefore] = await todaysNumbers(officer, 'Sign-ups and sign-ins');
  const [failedBefore] = await todaysNumbers(officer, 'Failed sign-ins and lockouts');

  const customerContext = await browser.newContext({ baseURL });
  const customer = await customerContext.newPage();
  const email = newEmail('counted');
  await signUpWithPassword(customer, email);
  await signInWithPassword(customer, email, 'not the right password');
  await expect(customer.getByText('That email and password do not match.', { exact: false })).toBeVisible();

  await officer.reload();
  const [signUpsAfter] = await todaysNumbers(officer, 'Sign-ups and sign-ins');
  const [failedAfter] = await todaysNumbers(officer, 'Failed sign-ins and lockouts');
  expect(signUpsAfter).toBe(signUpsBefore! + 1);
  expect(failedAfter).toBe(failedBefore! + 1);
  await expect(officer.getByRole('region', { name: 'Sign-ups and sign-ins' })).toContainText(/\d+ sign-ups? and \d+ sign-ins? in the last 7 days\./);
  await expect(officer.getByRole('region', { name: 'Passkey and two-step adoption' })).toContainText(/% have a passkey/);
  await officer.screenshot({ path: '/tmp/dashboard.png', fullPage: true });

  await customerContext.close();
  await officerContext.close();
});
