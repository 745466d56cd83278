import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { E2E_SOCIAL_IDP_PORT } from '../playwright.config';
import { startUpstreamIdp, type UpstreamIdp } from '../tests/support/upstream-idp';
import { acceptTermsIfAsked, signOut } from './support/journeys';

// The e2e server has the generic OpenID Connect provider switched on, named "Example ID"
// (AUTH_OIDC_* in playwright.config.ts); this is that identity service, a real OpenID Provider.
const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
let idp: UpstreamIdp;

test.beforeAll(async () => {
  idp = await startUpstreamIdp({
    port: E2E_SOCIAL_IDP_PORT,
    redirectUris: [`http://localhost:${APP_PORT}/api/auth/callback/oidc`],
    brand: { heading: 'Example ID', short: 'Example ID' },
  });
});
test.afterAll(async () => {
  await idp?.close();
});

test('a new customer signs up with their Example ID account, and finds it linked to their new account', async ({ page }) => {
  const email = `mira.sol-${randomUUID().slice(0, 6)}@example.test`;
  await page.goto('/sign-in');
  // Only the provider this deployment configured has a button.
  const button = page.getByRole('button', { name: 'Continue with Example ID' });
  await expect(button).toBeVisible();
  await expect(page.getByRole('button', { name: /^Continue with (Google|GitHub|Apple|Microsoft)$/ })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/sign-in-social.png', fullPage: true });
  await button.click();

  await expect(page.getByRole('heading', { name: 'Example ID' })).toBeVisible();
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill('example id password');
  await page.getByRole('button', { name: 'Sign in to Example ID' }).click();

  await acceptTermsIfAsked(page);
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByText(email).first()).toBeVisible();
  await page.goto('/account/security/linked-accounts');
  await expect(page.getByRole('heading', { name: 'Example ID' })).toBeVisible();

  // Next time the same button signs the same account in (Example ID remembers them, so no form).
  await signOut(page);
  await page.getByRole('button', { name: 'Continue with Example ID' }).click();
  await acceptTermsIfAsked(page);
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByText(email).first()).toBeVisible();
});
