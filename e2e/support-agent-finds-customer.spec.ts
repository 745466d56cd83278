import { expect, test } from '@playwright/test';
import { answerNameQuestion, registeredCustomer, signIn } from './support/journeys';
import { staffMember } from './support/staff';

// Three people in three browsers: the customer, the administrator who hands out the role, and the staff member.
test.describe.configure({ timeout: 120_000 });

test('a support agent finds a customer by part of their email, signs out their devices, and the customer sees it in their activity', async ({ browser }) => {
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  const email = await registeredCustomer(customer);
  await signIn(customer, email);
  await expect(customer).toHaveURL(/\/account/);

  const { page: agent, context: agentContext } = await staffMember(browser, 'support', 'agent');
  await agent.getByRole('link', { name: 'Admin console' }).click();
  await agent.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Users' }).click();
  const table = agent.getByRole('table', { name: 'Users matching the filters' });
  // Sorting by email, from a header button; the order is announced and kept in the URL.
  const emailHeader = table.getByRole('columnheader', { name: 'Email', exact: true });
  await emailHeader.getByRole('button', { name: 'Email' }).click();
  await expect(agent).toHaveURL(/sort=email&dir=desc/);
  await expect(emailHeader).toHaveAttribute('aria-sort', 'descending');
  await emailHeader.getByRole('button', { name: 'Email' }).click();
  await expect(agent).toHaveURL(/sort=email&dir=asc/);
  await expect(emailHeader).toHaveAttribute('aria-sort', 'ascending');
  const emails = await table.getByRole('row').locator('td:first-child').allInnerTexts();
  expect(emails.length).toBeGreaterThan(1);
  expect(emails).toEqual([...emails].sort());
  // The part a customer reads out on the phone: the random middle of their address.
  const part = email.split('@')[0]!.split('-')[1]!.toUpperCase();
  await agent.getByLabel('Search by email, name or phone').fill(part);
  await agent.getByRole('button', { name: 'Search users' }).click();
  await expect(agent).toHaveURL(new RegExp(`q=${part}`));
  await expect(agent).toHaveURL(/sort=email&dir=asc/);
  await expect(table.getByRole('row')).toHaveCount(2);
  // Hiding a column the agent does not need: gone from the table, remembered in the URL.
  await expect(table.getByRole('columnheader', { name: 'Roles' })).toBeVisible();
  await agent.getByRole('group', { name: 'Columns shown' }).getByRole('checkbox', { name: 'Roles' }).uncheck();
  await expect(agent).toHaveURL(/cols=email%2Cname%2Cstatus%2Cverified%2Ccreated%2Clast_sign_in/);
  await expect(table.getByRole('columnheader', { name: 'Roles' })).toHaveCount(0);
  await agent.reload();
  await expect(agent.getByRole('group', { name: 'Columns shown' }).getByRole('checkbox', { name: 'Roles' })).not.toBeChecked();
  await expect(table.getByRole('columnheader', { name: 'Roles' })).toHaveCount(0);
  await agent.screenshot({ path: '/tmp/directory-list.png', fullPage: true });
  await table.getByRole('link', { name: email }).click();

  await expect(agent.getByRole('heading', { name: 'Verified profile' })).toBeVisible();
  await expect(agent.getByText('Your view of this account is recorded')).toBeVisible();
  await expect(agent.getByRole('list', { name: 'Live sessions' }).getByRole('listitem')).toHaveCount(1);
  await agent.screenshot({ path: '/tmp/directory-detail.png', fullPage: true });
  await agent.getByRole('button', { name: 'Sign out all devices' }).click();
  await expect(agent.getByText('One session was ended.')).toBeVisible();

  await customer.reload();
  await expect(customer).toHaveURL(/\/sign-in/);
  await signIn(customer, email);
  if (await customer.getByRole('heading', { name: 'Tell us a little about you' }).isVisible()) await answerNameQuestion(customer);
  await customer.goto('/account/activity');
  const activity = customer.getByRole('list', { name: 'Account activity' });
  await expect(activity.getByText('A member of our staff opened your account').first()).toBeVisible();
  await expect(activity.getByText('A member of our staff signed you out on every device')).toBeVisible();

  // What support may not do: the audit log and roles do not exist for them.
  expect((await agent.goto('/admin/audit'))?.status()).toBe(404);
  expect((await agent.goto('/admin/roles'))?.status()).toBe(404);

  await customerContext.close();
  await agentContext.close();
});
