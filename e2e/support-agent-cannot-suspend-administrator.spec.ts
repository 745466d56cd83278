import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { staffMember } from './support/staff';

// Issue 9 item 6: a new support agent found the administrator in the directory, pressed
// "Suspend account", and nobody was left to undo it. Now the profile says why they cannot.
test.describe.configure({ timeout: 120_000 });

test('a support agent opens an administrator’s profile, is told why they cannot change it, and has no button to suspend them', async ({ browser }) => {
  const { page: agent, context } = await staffMember(browser, 'support', 'agent');
  await agent.getByRole('link', { name: 'Admin console' }).click();
  await agent.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Users' }).click();
  await agent.getByLabel('Search by email, name or phone').fill(E2E_ADMIN.email);
  await agent.getByRole('button', { name: 'Search users' }).click();
  await agent.getByRole('table', { name: 'Users matching the filters' }).getByRole('link', { name: E2E_ADMIN.email }).click();

  await expect(agent.getByRole('heading', { name: 'Verified profile' })).toBeVisible();
  // What a person reads: they cannot change this account, and why (what the administrator holds that they do not).
  const why = agent.getByRole('status').filter({ hasText: 'You cannot change this account.' });
  await expect(why).toBeVisible();
  await expect(why).toContainText('holds permissions you do not');
  await expect(why).toContainText('rbac:manage');
  // And nothing offered that would only be refused.
  await expect(agent.getByRole('button', { name: 'Suspend account' })).toHaveCount(0);
  await expect(agent.getByRole('button', { name: 'Sign out all devices' })).toHaveCount(0);
  await expect(agent.getByRole('button', { name: 'Send a password reset link' })).toHaveCount(0);
  await agent.screenshot({ path: '/tmp/support-sees-administrator.png', fullPage: true });

  await context.close();
});
