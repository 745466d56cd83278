import { expect, type Browser, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';
import { answerQuestionsUntil, registeredCustomer, signIn } from './journeys';

/**
 * Signs in and answers whatever the app asks first (new terms, the third sign-in's
 * name question), for journeys about something else. Ends on an /account page.
 */
export async function signInPastQuestions(page: Page, email: string, password?: string) {
  await signIn(page, email, password);
  await answerQuestionsUntil(page, (path) => path.startsWith('/account'));
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
