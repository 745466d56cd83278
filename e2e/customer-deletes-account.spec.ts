import { expect, test } from '@playwright/test';
import { answerNameQuestion, readEmail, registeredCustomer, signIn, signInWithPassword } from './support/journeys';

test('a customer deletes their account, can no longer sign in, and is offered a restore', async ({ page }) => {
  const email = await registeredCustomer(page);
  await signIn(page, email);
  await page.goto('/account/delete');
  await expect(page.getByRole('heading', { name: 'Delete your account' })).toBeVisible();

  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByText('Type DELETE in capitals to confirm.')).toBeVisible();
  await page.getByLabel('Type DELETE to confirm').fill('DELETE');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByRole('heading', { name: 'Your account is closed' })).toBeVisible();
  const erasureDate = (await page.getByText(/will be erased on/).innerText()).match(/on (.+)\./)![1]!;
  const mail = await readEmail(page, email, 'Your account will be deleted');
  expect(mail.text).toContain(erasureDate);

  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in/);
  await signInWithPassword(page, email);
  await expect(page.getByRole('heading', { name: 'Your account is scheduled for deletion' })).toBeVisible();
  await expect(page.getByText(`It will be erased on ${erasureDate}`, { exact: false })).toBeVisible();
  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in/);

  // Changing their mind within the grace period.
  await signInWithPassword(page, email);
  await page.getByRole('button', { name: 'Restore my account' }).click();
  await answerNameQuestion(page); // restoring completes this account's third sign-in
  await expect(page.getByText('Welcome back. Your account will not be deleted.')).toBeVisible();
});
