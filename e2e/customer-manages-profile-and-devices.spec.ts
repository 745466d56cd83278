import { expect, test } from '@playwright/test';
import { answerNameQuestion, newEmail, readEmail, registeredCustomer, signIn } from './support/journeys';

test('a customer edits their profile and sees a clear message for a bad phone number', async ({ page }) => {
  const email = await registeredCustomer(page);
  await signIn(page, email);
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Phone number').fill('not a phone');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText(/with its country code/)).toBeVisible();
  await page.getByLabel('Phone number').fill('+44 20 7946 0001');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Your profile is saved.')).toBeVisible();
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Ada Lovelace' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Security checklist' })).toContainText('Add a passkey');
});

test('a customer changes their email address; it switches only once the new address confirms', async ({ page }) => {
  const email = await registeredCustomer(page);
  await signIn(page, email);
  await page.goto('/account/profile');
  const moved = newEmail('moved');
  await page.getByLabel('New email address').fill(moved);
  await page.getByRole('button', { name: 'Change email address' }).click();
  await expect(page.getByText(`We have sent a confirmation link to ${moved}.`, { exact: false })).toBeVisible();

  const notice = await readEmail(page, email, 'Your email address is being changed');
  expect(notice.text).toContain(moved);
  const { link } = await readEmail(page, moved, 'Confirm your new email address');
  await page.goto(link);
  await page.getByRole('button', { name: 'Confirm new email address' }).click();
  await expect(page).toHaveURL(/\/account\/profile/);
  await expect(page.getByText(`${moved} (confirmed)`, { exact: false })).toBeVisible();
});

test('a customer whose email was changed without them puts it back from the old address’s email and signs in again', async ({ page }) => {
  const email = await registeredCustomer(page);
  await signIn(page, email);
  await page.goto('/account/profile');
  const moved = newEmail('hijacker');
  await page.getByLabel('New email address').fill(moved);
  await page.getByRole('button', { name: 'Change email address' }).click();
  await expect(page.getByText(`We have sent a confirmation link to ${moved}.`, { exact: false })).toBeVisible();
  const { link: confirmLink } = await readEmail(page, moved, 'Confirm your new email address');
  await page.goto(confirmLink);
  await page.getByRole('button', { name: 'Confirm new email address' }).click();
  await expect(page.getByText(`${moved} (confirmed)`, { exact: false })).toBeVisible();

  // The old address hears that the change happened; the link from the first email still works.
  const done = await readEmail(page, email, 'Your email address was changed');
  expect(done.text).toContain(moved);
  const { link: reportLink } = await readEmail(page, email, 'Your email address is being changed');
  await page.goto(reportLink);
  await page.getByRole('button', { name: 'Stop the change and sign everyone out' }).click();
  await expect(page.getByRole('heading', { name: 'Your email address is back' })).toBeVisible();

  // Every device was signed out, this one included; the old address signs in again.
  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, email);
  await answerNameQuestion(page);
  await page.goto('/account/profile');
  await expect(page.getByText(`${email} (confirmed)`, { exact: false })).toBeVisible();
});

test('a customer sees their other device and signs it out; that device is signed out on its next request', async ({ page, browser }) => {
  const email = await registeredCustomer(page);
  const phone = await browser.newContext({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1' });
  const phonePage = await phone.newPage();
  await signIn(phonePage, email);

  await signIn(page, email); // the third sign-in of this account
  await answerNameQuestion(page);
  await page.getByRole('link', { name: 'Devices' }).click();
  const devices = page.getByRole('list', { name: 'Signed-in devices' });
  await expect(devices.getByRole('listitem')).toHaveCount(2);
  const iphone = devices.getByRole('listitem', { name: /Mobile Safari 17 on iOS 17/ });
  await expect(iphone).toBeVisible();
  await expect(devices.getByRole('listitem', { name: /this device/ })).toBeVisible();
  await iphone.getByRole('button', { name: 'Sign out this device' }).click();
  // The signed-out device leaves the list (its card, and the confirmation in it, go with it).
  await expect(iphone).toHaveCount(0);
  await expect(devices.getByRole('listitem')).toHaveCount(1);

  await phonePage.reload();
  await expect(phonePage).toHaveURL(/\/sign-in/);
  await phone.close();
});
