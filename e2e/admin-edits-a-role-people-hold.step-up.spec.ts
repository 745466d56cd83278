import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { registeredCustomer } from './support/journeys';
import { signInAsAdministrator } from './support/staff';

// On this server a sign-in counts as recent for 6 seconds (STEP_UP_MAX_AGE_MINUTES=0.1).
const STALE = 7_000;
test.describe.configure({ timeout: 120_000 });

async function confirmWithPassword(page: Page) {
  await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Confirm with password' }).click();
}

test('changing what a role grants, once people hold it, asks the administrator to confirm it is them', async ({ page }) => {
  const member = await registeredCustomer(page, 'billing');
  await signInAsAdministrator(page);
  await page.goto('/admin/roles');
  const key = `billing-${randomUUID().slice(0, 6)}`;
  await page.getByLabel('Role name').fill('Billing desk');
  await page.getByLabel('Key', { exact: true }).fill(key);
  await page.getByLabel(/View the user directory and profiles/).check();
  await page.getByRole('button', { name: 'Create role' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/roles/${key}$`));

  // Nobody holds it yet: editing needs no fresh sign-in.
  await page.waitForTimeout(STALE);
  await page.getByLabel(/View the dashboard/).check();
  await page.getByRole('button', { name: 'Save role' }).click();
  await expect(page.getByText('The role is saved.')).toBeVisible();

  // Given to someone (which asks to confirm, as before), then edited after a while: asked again.
  await page.getByLabel('Email address of the person').fill(member);
  await page.getByRole('button', { name: 'Assign role' }).click();
  await confirmWithPassword(page);
  await expect(page).toHaveURL(new RegExp(`/admin/roles/${key}$`));
  await page.getByLabel('Email address of the person').fill(member);
  await page.getByRole('button', { name: 'Assign role' }).click();
  await expect(page.getByText(`${member} now has this role.`)).toBeVisible();

  await page.waitForTimeout(STALE);
  await page.getByLabel(/View the dashboard/).uncheck();
  await page.getByRole('button', { name: 'Save role' }).click();
  await confirmWithPassword(page);
  await expect(page).toHaveURL(new RegExp(`/admin/roles/${key}$`));
  await page.getByLabel(/View the dashboard/).uncheck();
  await page.getByRole('button', { name: 'Save role' }).click();
  await expect(page.getByText('The role is saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(/View the dashboard/)).not.toBeChecked();
});
