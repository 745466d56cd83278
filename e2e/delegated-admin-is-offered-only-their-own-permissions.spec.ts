import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { registeredCustomer } from './support/journeys';
import { giveRole, signInAsAdministrator, signInPastQuestions } from './support/staff';

test.describe.configure({ timeout: 120_000 });

// A custom role that manages roles and apps, and nothing else. Its holder may give only what
// they hold themself (lib/rbac/hierarchy.ts): the pages do not offer the rest.
test('a delegated administrator is offered only what their own permissions allow', async ({ page, browser }) => {
  const delegate = await registeredCustomer(page, 'delegate');
  await signInAsAdministrator(page);
  await page.goto('/admin/roles');
  const key = `delegate-${randomUUID().slice(0, 6)}`;
  await page.getByLabel('Role name').fill('Delegated admin');
  await page.getByLabel('Key', { exact: true }).fill(key);
  await page.getByLabel(/View the dashboard/).check();
  await page.getByLabel(/Manage roles and role assignments/).check();
  await page.getByLabel(/Register and manage the apps/).check();
  await page.getByRole('button', { name: 'Create role' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/roles/${key}$`));
  await giveRole(page, key, delegate);

  const context = await browser.newContext();
  const theirs = await context.newPage();
  await signInPastQuestions(theirs, delegate);

  // The administrator holds more than they do: no Remove button, and the reason instead; no way to hand the role out.
  await theirs.goto('/admin/roles/admin');
  const members = theirs.getByRole('list', { name: 'People with this role' });
  await expect(members).toContainText(E2E_ADMIN.email);
  await expect(members).toContainText('This person holds permissions you do not');
  await expect(theirs.getByRole('button', { name: `Remove Administrator from ${E2E_ADMIN.email}` })).toHaveCount(0);
  await expect(theirs.getByText(/This role grants permissions you do not hold \(.*users:read.*\), so you cannot give it to anyone\./)).toBeVisible();
  await expect(theirs.getByLabel('Email address of the person')).toHaveCount(0);

  // Their own role: they may hand it on and take it back.
  await theirs.goto(`/admin/roles/${key}`);
  await expect(theirs.getByLabel('Email address of the person')).toBeVisible();

  // Registering an app: management API scopes that need permissions they lack are not offered.
  await theirs.goto('/admin/clients');
  const apiAccess = theirs.getByRole('group', { name: 'Management API access' });
  await expect(apiAccess).toContainText('Not offered, because they need console permissions you do not hold');
  await expect(apiAccess.getByRole('checkbox', { name: /users:write/ })).toHaveCount(0);
  await expect(apiAccess.getByRole('checkbox', { name: /roles:write/ })).toBeVisible();
  await context.close();
});
