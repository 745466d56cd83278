import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { PASSWORD, confirmEmail, newEmail, signOut, signUpWithPassword } from './support/journeys';

declare global {
  interface Window {
    passkeyRequests?: string[];
  }
}

/**
 * A passkey provider for this browser: Chromium's virtual authenticator, syncing like a
 * password manager. `present(false)` stands for a person who does not touch it: while
 * present, it answers every request at once, even the autofill offer a real browser would
 * only show in the email field's suggestions.
 */
async function addVirtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      defaultBackupEligibility: true,
      defaultBackupState: true,
    },
  });
  return {
    present: (enabled: boolean) => cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled }),
  };
}

/** Notes each passkey request the page makes (autofill is "conditional"), to see the sign-in page offer them. */
async function watchPasskeyRequests(page: Page) {
  await page.addInitScript(() => {
    const get = navigator.credentials.get.bind(navigator.credentials);
    window.passkeyRequests = [];
    navigator.credentials.get = (options?: CredentialRequestOptions) => {
      window.passkeyRequests!.push(options?.mediation ?? 'optional');
      return get(options);
    };
  });
}

const passkeyRequests = (page: Page) => page.evaluate(() => window.passkeyRequests ?? []);

async function newCustomerSignedIn(page: Page) {
  const email = newEmail('passkey');
  await signUpWithPassword(page, email);
  await confirmEmail(page, email);
  await expect(page).toHaveURL(/\/account$/);
  return email;
}

/** Adds a passkey from the account page, confirming identity first if the page asks. */
async function addPasskey(page: Page) {
  await page.goto('/account/security/passkeys');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  const confirm = page.getByRole('button', { name: 'Email me a code instead' });
  const added = page.getByText(/Passkey added as/);
  await expect(added.or(confirm)).toBeVisible();
  if (await confirm.isVisible()) throw new Error('step-up asked for right after sign-in');
}

/** Signs out while the passkey is left alone, so the sign-in page's autofill offer stays open. */
async function signOutLeavingPasskeyOffered(page: Page, authenticator: Authenticator) {
  await authenticator.present(false);
  await page.evaluate(() => (window.passkeyRequests = []));
  await signOut(page);
  await expect.poll(() => passkeyRequests(page)).toEqual(['conditional']);
  await authenticator.present(true);
}

type Authenticator = Awaited<ReturnType<typeof addVirtualAuthenticator>>;

test('a customer adds a passkey, renames it, signs in with it and removes it', async ({ page, context }) => {
  const authenticator = await addVirtualAuthenticator(context, page);
  await watchPasskeyRequests(page);
  await newCustomerSignedIn(page);

  await page.goto('/account/security');
  await page.getByRole('link', { name: /Passkeys/ }).click();
  await expect(page.getByRole('heading', { name: 'Passkeys', level: 1 })).toBeVisible();
  await expect(page.getByText('You have no passkeys yet.')).toBeVisible();
  await addPasskey(page);

  const passkeys = page.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem');
  await expect(passkeys).toHaveCount(1);
  await expect(passkeys).toContainText('Synced across your devices');
  await expect(passkeys).toContainText('Last used never');
  await page.screenshot({ path: '/tmp/passkeys-list.png', fullPage: true });

  await passkeys.getByRole('button', { name: /^Rename/ }).click();
  await page.getByLabel('Passkey name').fill('');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('Enter a name for this passkey.')).toBeVisible();
  await page.screenshot({ path: '/tmp/passkeys-rename.png', fullPage: true });
  await page.getByLabel('Passkey name').fill('My laptop');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(passkeys.getByRole('heading', { name: 'My laptop' })).toBeVisible();
  await expect(page.getByLabel('Passkey name')).toBeHidden();

  // Signed out, the sign-in page offers the passkey in the email field's autofill at once;
  // the button cancels that offer cleanly and asks for the passkey directly.
  await signOutLeavingPasskeyOffered(page, authenticator);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL(/\/account$/);
  expect(await passkeyRequests(page)).toEqual(['conditional', 'optional']);

  // Confirming identity with the passkey, as a sensitive change would ask.
  await page.goto('/account/confirm-identity?next=/account/security/passkeys');
  await page.screenshot({ path: '/tmp/passkeys-confirm.png', fullPage: true });
  await page.getByRole('button', { name: 'Confirm with a passkey' }).click();
  await expect(page).toHaveURL(/\/account\/security\/passkeys$/);
  await expect(passkeys).not.toContainText('Last used never');

  await passkeys.getByRole('button', { name: /^Remove/ }).click();
  await expect(page.getByText('Remove “My laptop”?')).toBeVisible();
  await page.getByRole('button', { name: 'Remove passkey' }).click();
  await expect(page.getByText('You have no passkeys yet.')).toBeVisible();

  // The device still holds the passkey, but it no longer opens the account.
  await signOutLeavingPasskeyOffered(page, authenticator);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That passkey is not registered with us' })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test('password sign-in works while the browser offers passkeys in autofill, and the offered passkey signs in too', async ({ page, context }) => {
  const authenticator = await addVirtualAuthenticator(context, page);
  await watchPasskeyRequests(page);
  const email = await newCustomerSignedIn(page);
  await addPasskey(page);

  await signOutLeavingPasskeyOffered(page, authenticator);
  await expect(page.getByLabel('Email address')).toHaveAttribute('autocomplete', 'username webauthn');
  await page.screenshot({ path: '/tmp/passkeys-sign-in.png', fullPage: true });
  await authenticator.present(false);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();

  // Picking the passkey from the autofill offer (the virtual authenticator picks at once) signs in.
  await signOutLeavingPasskeyOffered(page, authenticator);
  await page.reload();
  await expect(page).toHaveURL(/\/(account|complete-profile)/);
  await expect(page.getByRole('button', { name: 'Sign out' }).or(page.getByRole('heading', { name: 'Tell us a little about you' }))).toBeVisible();
});
