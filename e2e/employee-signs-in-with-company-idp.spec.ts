import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { startUpstreamIdp, type UpstreamIdp } from '../tests/support/upstream-idp';
import { acceptTermsIfAsked, confirmEmail, signOut, signUpWithPassword } from './support/journeys';
import { signInAsAdministrator } from './support/staff';

// The company's own OpenID Provider, a real one (oidc-provider), on a port beside the app's.
const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const IDP_PORT = APP_PORT + 60;
const domain = `acme-${randomUUID().slice(0, 6)}.test`;
let idp: UpstreamIdp;

test.beforeAll(async () => {
  idp = await startUpstreamIdp({ port: IDP_PORT, redirectUris: [`http://localhost:${APP_PORT}/api/auth/callback/enterprise`], redirectUriPrefix: `http://localhost:${APP_PORT}/api/auth/callback/enterprise-` });
});
test.afterAll(async () => {
  await idp?.close();
});

test.describe.configure({ mode: 'serial' });

test('an administrator connects Acme’s identity provider for its email domain', async ({ page }) => {
  await signInAsAdministrator(page);
  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Connections' }).click();
  await expect(page.getByRole('heading', { name: 'Enterprise connections' })).toBeVisible();

  await page.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByText('Enter the issuer URL.')).toBeVisible();

  await page.getByLabel('Organisation name').fill('Acme');
  await page.getByLabel('Issuer URL').fill(idp.issuer);
  await page.getByLabel('Client ID').fill(idp.clientId);
  await page.getByLabel('Client secret').fill(idp.clientSecret);
  // A public mail service's domain is nobody's to claim: the answer sits beside the field.
  await page.getByLabel('Email domains').fill('acme-staff.test, gmail.com');
  await page.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByText('gmail.com is a public mail service: anyone can have an address there, so no organisation can claim it.')).toBeVisible();
  await expect(page.getByLabel('Email domains')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Email domains').fill(domain.toUpperCase());
  await page.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByText('The connection is added.')).toBeVisible();
  await expect(page.getByText(/\/api\/auth\/callback\/enterprise-/)).toBeVisible();
  await page.screenshot({ path: '/tmp/admin-connection.png', fullPage: true });
  await page.getByRole('link', { name: '← Enterprise connections' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`Acme ${domain}`) })).toContainText('On');
  await page.screenshot({ path: '/tmp/admin-connections.png', fullPage: true });
});

test('a new employee types their work address and comes back from Acme signed in', async ({ page }) => {
  const email = `nora.quist@${domain}`;
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await expect(page.getByText('Your organisation, Acme, signs you in.')).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/sign-in-home-realm.png', fullPage: true });
  await page.getByRole('button', { name: 'Continue with Acme' }).click();

  await expect(page.getByRole('heading', { name: 'Acme Corporation' })).toBeVisible();
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill('acme directory password');
  await page.getByRole('button', { name: 'Sign in to Acme' }).click();

  await acceptTermsIfAsked(page);
  await expect(page).toHaveURL(/\/account/);
  await page.goto('/account/security/linked-accounts');
  await expect(page.getByRole('heading', { name: 'Acme' })).toBeVisible();
});

test('an existing customer at that domain is asked to sign in before Acme is linked', async ({ page }) => {
  const email = `olle.berg@${domain}`;
  await signUpWithPassword(page, email);
  await confirmEmail(page, email);
  await expect(page).toHaveURL(/\/account/);
  await signOut(page);

  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Continue with Acme' }).click();
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill('acme directory password');
  await page.getByRole('button', { name: 'Sign in to Acme' }).click();

  await expect(page.getByRole('heading', { name: 'An account with this email already exists — sign in to link' })).toBeVisible();
  await page.screenshot({ path: '/tmp/link-account.png', fullPage: true });
  await expect(page.getByLabel('Email address')).toHaveValue(email);
  await page.getByLabel('Password', { exact: true }).fill('quiet orchard lantern 42');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  await expect(page).toHaveURL(/\/account\/security\/linked-accounts/);
  await expect(page.getByRole('heading', { name: 'Acme' })).toBeVisible();
  await page.screenshot({ path: '/tmp/linked-accounts.png', fullPage: true });

  // From now on Acme signs this same account in, without asking to link again
  // (Acme still remembers them, so it does not show its own form a second time).
  await signOut(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Continue with Acme' }).click();
  await answerQuestionsIfAsked(page);
  await expect(page).toHaveURL(/\/account/);
});

/** The third sign-in asks for a name (progressive profiling); new terms may be due too. */
async function answerQuestionsIfAsked(page: Page) {
  for (let step = 0; step < 3; step += 1) {
    await page.waitForURL((url) => /^\/(account|accept-terms|complete-profile)/.test(url.pathname));
    const path = new URL(page.url()).pathname;
    if (path === '/accept-terms') await page.getByRole('button', { name: 'Accept and continue' }).click();
    else if (path === '/complete-profile') {
      await page.getByLabel('First name').fill('Olle');
      await page.getByRole('button', { name: 'Continue' }).click();
    } else return;
    await page.waitForURL((url) => !url.pathname.startsWith(path));
  }
}
