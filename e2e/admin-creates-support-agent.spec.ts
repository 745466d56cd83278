import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { registeredCustomer } from './support/journeys';
import { giveRole, signInAsAdministrator, signInPastQuestions } from './support/staff';

test.describe.configure({ timeout: 120_000 });

test('the administrator makes a customer a support agent, and takes it back; the last administrator stays one', async ({ page, browser, baseURL }) => {
  const agent = await registeredCustomer(page, 'agent');
  await signInAsAdministrator(page);
  await page.getByRole('link', { name: 'Admin console' }).click();
  await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Roles' }).click();
  await expect(page.getByRole('heading', { name: 'Roles', exact: true })).toBeVisible();

  // A custom role, with only the permissions the team needs.
  const key = `billing-${randomUUID().slice(0, 6)}`;
  await page.getByLabel('Role name').fill('Billing desk');
  await page.getByLabel('Key', { exact: true }).fill('Billing Desk');
  await page.getByRole('button', { name: 'Create role' }).click();
  await expect(page.getByText('Use lowercase letters, digits and single hyphens')).toBeVisible();
  await page.getByLabel('Key', { exact: true }).fill(key);
  await page.getByLabel('Description (optional)').fill('Answers questions about invoices');
  await page.getByLabel(/View the user directory and profiles/).check();
  await page.getByLabel(/View the dashboard/).check();
  await page.getByRole('button', { name: 'Create role' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/roles/${key}$`));
  await expect(page.getByRole('heading', { name: 'Billing desk' })).toBeVisible();
  await page.goto('/admin/roles');
  await expect(page.getByRole('row').filter({ hasText: key }).getByRole('cell', { name: 'Custom' })).toBeVisible();
  await page.screenshot({ path: '/tmp/rbac-roles.png', fullPage: true });

  // The built-in support role, given by email.
  await giveRole(page, 'support', agent);
  await expect(page.getByRole('list', { name: 'People with this role' })).toContainText(agent);
  await page.screenshot({ path: '/tmp/rbac-role.png', fullPage: true });

  const agentContext = await browser.newContext({ baseURL });
  const agentPage = await agentContext.newPage();
  await signInPastQuestions(agentPage, agent);
  await agentPage.getByRole('link', { name: 'Admin console' }).click();
  const nav = agentPage.getByRole('navigation', { name: 'Admin console' });
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toBeVisible();
  for (const hidden of ['Roles', 'Audit log', 'Retention', 'Data requests', 'Consent', 'Profile fields']) {
    await expect(nav.getByRole('link', { name: hidden })).toHaveCount(0);
  }
  expect((await agentPage.goto('/admin/roles'))?.status()).toBe(404);

  // Taken back: the console is gone for them.
  await page.goto('/admin/roles/support');
  await page.getByRole('button', { name: `Remove Support agent from ${agent}` }).click();
  await expect(page.getByRole('list', { name: 'People with this role' })).not.toContainText(agent);
  expect((await agentPage.goto('/admin'))?.status()).toBe(404);
  await agentContext.close();

  // The only administrator cannot remove their own admin role: the page says why instead of offering it.
  await page.goto('/admin/roles/admin');
  await expect(page.getByText('This is a built-in role: its permissions are fixed')).toBeVisible();
  const members = page.getByRole('list', { name: 'People with this role' });
  await expect(members).toContainText(E2E_ADMIN.email);
  await expect(members).toContainText('This is the last active administrator');
  await expect(page.getByRole('button', { name: `Remove Administrator from ${E2E_ADMIN.email}` })).toHaveCount(0);
});
