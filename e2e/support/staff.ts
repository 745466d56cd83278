import { expect, type Browser, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';
import { registeredCustomer, signIn } from './journeys';

/**
 * Signs in and answers whatever the app asks first (new terms, the third sign-in's
 * name question), for journeys about something else. Ends on an /account page.
 */
export async function signInPastQuestions(page: Page, email: string, password?: string) {
  await signIn(page, email, password);
  for (let step = 0; step < 5; step += 1) {
    await page.waitForURL((url) => /^\/(account|accept-terms|complete-profile)/.test(url.pathname));
    const path = new URL(page.url()).pathname;
    if (path.startsWith('/account')) return;
    const question = await page.getByRole('heading', { level: 1 }).innerText();
    if (path === '/accept-terms') await page.getByRole('button', { name: 'Accept and continue' }).click();
    else if (await page.getByLabel('First name').isVisible()) {
      await page.getByLabel('First name').fill('Sam');
      await page.getByRole('button', { name: 'Continue' }).click();
    } else {
      // A field another journey's administrator added: skipped, not answered.
      await page.getByRole('button', { name: 'Skip for now' }).click();
    }
    // On to the next page, or the next question on the same one.
    await expect(async () => {
      const moved = !new URL(page.url()).pathname.startsWith(path);
      expect(moved || (await page.getByRole('heading', { level: 1 }).innerText()) !== question).toBe(true);
    }).toPass();
  }
}

export async function signInAsAdministrator(page: Page) {
  await signInPastQuestions(page, E2E_ADMIN.email, E2E_ADMIN.password);
}

/** As a signed-in administrator: gives a person a role through the role's page. */
export async function giveRole(page: Page, roleKey: string, email: string) {
  await page.goto(`/admin/roles/${roleKey}`);
  await page.getByLabel('Email address of the person').fill(email);
  await page.getByRole('button', { name: 'Assign role' }).click();
  await expect(page.getByText(`${email} now has this role.`)).toBeVisible();
}

/**
 * A person the administrator has given a role, signed in to the console in a browser of
 * their own: how support agents and compliance officers start their journeys.
 */
export async function staffMember(browser: Browser, roleKey: string, label = roleKey) {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const email = await registeredCustomer(admin, label);
  await signInAsAdministrator(admin);
  await giveRole(admin, roleKey, email);
  await adminContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await signInPastQuestions(page, email);
  return { email, page, context };
}
