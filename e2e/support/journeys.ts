import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';

export const PASSWORD = 'quiet orchard lantern 42';

export function newEmail(label = 'customer') {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

/**
 * The development outbox of a production build is for staff only, so email is read the way a
 * demo's operator would: by the seeded administrator, in a browser of their own (one per server),
 * signed in again if a journey ended that session.
 */
const mailReaders = new WeakMap<Browser, Map<string, BrowserContext>>();

async function mailReader(page: Page): Promise<Page> {
  const browser = page.context().browser()!;
  const baseURL = test.info().project.use.baseURL!;
  const readers = mailReaders.get(browser) ?? new Map<string, BrowserContext>();
  mailReaders.set(browser, readers);
  let context = readers.get(baseURL);
  if (!context) {
    context = await browser.newContext({ baseURL });
    readers.set(baseURL, context);
  }
  return context.newPage();
}

async function openOutbox(reader: Page, to: string) {
  await reader.goto(`/dev/outbox?to=${encodeURIComponent(to)}`);
  if (new URL(reader.url()).pathname === '/sign-in') {
    await reader.getByLabel('Email address').fill(E2E_ADMIN.email);
    await reader.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
    await reader.getByRole('button', { name: 'Sign in', exact: true }).click();
    await answerQuestionsUntil(reader, (path) => path.startsWith('/dev/outbox'));
  }
}

/**
 * Opens the development outbox, waits for the email with this subject to arrive for the address,
 * and returns the link in it (or its text). The journey's own page stays where it is.
 */
export async function readEmail(page: Page, to: string, subject: string | RegExp) {
  const reader = await mailReader(page);
  try {
    const message = reader.getByRole('article').filter({ has: reader.getByRole('heading', { name: subject }) }).first();
    await expect(async () => {
      await openOutbox(reader, to);
      await expect(message).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    const link = message.getByRole('link').first();
    return {
      text: (await message.innerText()) ?? '',
      link: (await link.count()) > 0 ? ((await link.getAttribute('href')) ?? '') : '',
    };
  } finally {
    await reader.close();
  }
}

export async function signUpWithPassword(page: Page, email: string, password = PASSWORD) {
  await page.goto('/sign-up');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('With a password').check();
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel(/I accept the terms/).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
}

export async function confirmEmail(page: Page, email: string) {
  const { link } = await readEmail(page, email, 'Confirm your email address');
  await page.goto(link);
  await page.getByRole('button', { name: 'Confirm email address' }).click();
}

export async function signInWithPassword(page: Page, email: string, password = PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/**
 * After a sign-in: accepts new versions of the terms if the app asks. Only for journeys
 * about something else; the seeded administrator, for one, has accepted nothing yet.
 */
export async function acceptTermsIfAsked(page: Page) {
  await page.waitForURL((url) => url.pathname.startsWith('/account') || url.pathname === '/accept-terms');
  if (new URL(page.url()).pathname === '/accept-terms') {
    await page.getByRole('button', { name: 'Accept and continue' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/account'));
  }
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // Settled, so the journey's next page.goto is not cut short by the tail of this navigation.
  await page.waitForLoadState('networkidle');
}

/** A customer with a confirmed address, signed out again. */
export async function registeredCustomer(page: Page, label = 'customer') {
  const email = newEmail(label);
  await signUpWithPassword(page, email);
  await confirmEmail(page, email);
  await expect(page).toHaveURL(/\/account/);
  await signOut(page);
  return email;
}

/**
 * After a sign-in: answers whatever the app asks first (new terms, the third sign-in's name
 * question, a field another journey's administrator added, skipped) until the page is where the
 * person was going. For journeys about something else.
 */
export async function answerQuestionsUntil(page: Page, arrived: (path: string) => boolean) {
  for (let step = 0; step < 6; step += 1) {
    await page.waitForURL((url) => arrived(url.pathname) || /^\/(accept-terms|complete-profile)/.test(url.pathname));
    const path = new URL(page.url()).pathname;
    if (arrived(path)) return;
    const question = await page.getByRole('heading', { level: 1 }).innerText();
    if (path === '/accept-terms') await page.getByRole('button', { name: 'Accept and continue' }).click();
    else if (await page.getByLabel('First name').isVisible()) {
      await page.getByLabel('First name').fill('Sam');
      await page.getByRole('button', { name: 'Continue' }).click();
    } else {
      await page.getByRole('button', { name: 'Skip for now' }).click();
    }
    // On to the next page, or the next question on the same one.
    await expect(async () => {
      const moved = !new URL(page.url()).pathname.startsWith(path);
      expect(moved || (await page.getByRole('heading', { level: 1 }).innerText()) !== question).toBe(true);
    }).toPass();
  }
}

/** Signs in and waits until the app has let the person in (use signInWithPassword for attempts that fail). */
export async function signIn(page: Page, email: string, password = PASSWORD) {
  await signInWithPassword(page, email, password);
  await expect(page).not.toHaveURL(/\/sign-in(\?|$)/);
}

/** The third sign-in asks for a name (progressive profiling); answer it and carry on. */
export async function answerNameQuestion(page: Page, name = 'Sam') {
  await expect(page.getByRole('heading', { name: 'Tell us a little about you' })).toBeVisible();
  await page.getByLabel('First name').fill(name);
  await page.getByRole('button', { name: 'Continue' }).click();
}
