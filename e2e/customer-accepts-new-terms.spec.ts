import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { E2E_AUTH_SECRET, E2E_DATABASE_URL } from '../playwright.config';
import { registeredCustomer, signIn, signInWithPassword } from './support/journeys';
import { startRelyingParty } from './support/relying-party';

/**
 * Publishes a new version the way an operator would, with the CLI on the server's database and
 * the server's secret (the CLI's audit event joins the keyed chain, so it needs the same key).
 */
function publishTerms(text: string) {
  const output = execFileSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'scripts/consent-publish.ts', 'terms', 'Terms of service', text],
    { env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL, AUTH_SECRET: E2E_AUTH_SECRET }, encoding: 'utf8' },
  );
  return Number(/Published version (\d+)/.exec(output)![1]);
}

test('after new terms are published, a customer accepts them before reaching their account', async ({ page }) => {
  const email = await registeredCustomer(page);
  const text = `We now also offer repairs (${randomUUID().slice(0, 8)}).`;
  const version = publishTerms(text);

  await signInWithPassword(page, email);
  await expect(page).toHaveURL(/\/accept-terms\?next=%2Faccount$/);
  await expect(page.getByRole('heading', { name: 'We have updated our terms' })).toBeVisible();
  const terms = page.getByRole('article', { name: 'Terms of service' });
  await expect(terms).toContainText(`Version ${version}`);
  await expect(terms).toContainText(`You accepted version ${version - 1}.`);
  await expect(terms.getByText(text)).toBeVisible();
  await expect(terms.getByRole('link', { name: /Open the terms of service/ })).toHaveAttribute('href', '/legal/terms');

  // Going straight to the account does not get round it.
  await page.goto('/account/privacy');
  await expect(page).toHaveURL(/\/accept-terms/);

  await page.getByRole('button', { name: 'Accept and continue' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole('link', { name: 'Privacy', exact: true }).click();
  await expect(page.getByText(`You accepted version ${version} on`)).toBeVisible();
  const row = page.getByRole('table', { name: /History of your consent choices/ }).getByRole('row').filter({ hasText: 'Terms of service' }).first();
  await expect(row).toContainText(`Version ${version}`);
  await expect(row).toContainText('When asked to accept an update');
});

test('a customer who does not agree to new terms can sign out instead', async ({ page }) => {
  const email = await registeredCustomer(page);
  publishTerms(`Another change (${randomUUID().slice(0, 8)}).`);
  await signInWithPassword(page, email);
  await expect(page).toHaveURL(/\/accept-terms/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount/);
});

test('a customer signed in before new terms were published must accept them before changing anything or signing in to an app', async ({ page, baseURL }) => {
  const shop = await startRelyingParty({ name: 'Terms-aware shop', issuer: `${baseURL}/oidc` });
  try {
    const email = await registeredCustomer(page);
    await signIn(page, email);
    await expect(page).toHaveURL(/\/account/);
    const version = publishTerms(`Yet another change (${randomUUID().slice(0, 8)}).`);

    // The profile form's action, posted straight to the server as a script would, is sent to the terms.
    const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as { node: Record<string, { exportedName: string; filename: string }> };
    const [actionId] = Object.entries(manifest.node).find(([, ref]) => ref.filename.endsWith('account/profile/actions.ts') && ref.exportedName === 'updateProfileAction')!;
    const answer = await page.request.post('/account/profile', {
      headers: { 'Next-Action': actionId, Accept: 'text/x-component', 'Content-Type': 'text/plain;charset=UTF-8', Origin: baseURL! },
      data: JSON.stringify([{ given_name: 'Mallory' }]),
      maxRedirects: 0,
    });
    expect(answer.headers()['x-action-redirect']).toMatch(/^\/accept-terms\?next=/);

    // Single sign-on to an app waits for the terms too.
    await page.goto(shop.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
    await expect(page.getByRole('heading', { name: 'We have updated our terms' })).toBeVisible();
    await expect(page.getByRole('article', { name: 'Terms of service' })).toContainText(`Version ${version}`);
    await page.getByRole('button', { name: 'Accept and continue' }).click();
    await expect(page.getByRole('heading', { name: 'Terms-aware shop wants to use your account' })).toBeVisible();
    await page.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
    // Settled, so the next page.goto is not cut short by the tail of the app's redirects.
    await page.waitForLoadState('networkidle');

    await page.goto('/account/profile');
    await expect(page.getByLabel('First name')).not.toHaveValue('Mallory');
  } finally {
    await shop.close();
  }
});
