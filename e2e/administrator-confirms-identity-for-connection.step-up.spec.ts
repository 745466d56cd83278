import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { signInAsAdministrator } from './support/staff';

// On this server a sign-in counts as recent for 6 seconds (STEP_UP_MAX_AGE_MINUTES=0.1).
const STALE = 7_000;

async function confirmWithPassword(page: Page) {
  await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Confirm with password' }).click();
}

async function fillConnection(page: Page, domain: string) {
  await page.getByLabel('Organisation name').fill('Initech');
  await page.getByLabel('Email domains').fill(domain);
  // Only resolved, never called, when the connection is saved.
  await page.getByLabel('Issuer URL').fill('http://localhost:3999');
  await page.getByLabel('Client ID').fill('gatehouse');
  await page.getByLabel('Client secret').fill('initech client secret');
}

test('adding and switching on a connection after a while asks the administrator to confirm it is them', async ({ page }) => {
  const domain = `initech-${randomUUID().slice(0, 6)}.test`;
  await signInAsAdministrator(page);
  await page.waitForTimeout(STALE);

  await page.goto('/admin/connections');
  await fillConnection(page, domain);
  await page.getByRole('button', { name: 'Add connection' }).click();
  await confirmWithPassword(page);

  await expect(page).toHaveURL(/\/admin\/connections$/);
  await fillConnection(page, domain);
  await page.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByText('The connection is added.')).toBeVisible();

  // Switching off needs no new proof (it only sends people back to passwords); switching on does.
  await page.getByRole('button', { name: 'Switch off connection' }).click();
  await expect(page.getByRole('button', { name: 'Switch on connection' })).toBeVisible();
  await page.waitForTimeout(STALE);
  await page.getByRole('button', { name: 'Switch on connection' }).click();
  await confirmWithPassword(page);
  await expect(page).toHaveURL(/\/admin\/connections\/[a-z0-9]+$/);
  await page.getByRole('button', { name: 'Switch on connection' }).click();
  await expect(page.getByRole('button', { name: 'Switch off connection' })).toBeVisible();
});
