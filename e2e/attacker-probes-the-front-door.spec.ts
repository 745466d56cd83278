import { expect, test } from '@playwright/test';
import { acceptTermsIfAsked, PASSWORD, registeredCustomer, signIn } from './support/journeys';

const ESCAPES = ['/.//evil.example', '/..//evil.example', '/%2e//evil.example', '//evil.example', '/\\evil.example', '/%2e%2e//evil.example/x', 'https://evil.example'];

test('a forged X-Forwarded-For does not change the address Gatehouse records for a sign-in', async ({ browser }) => {
  // The attacker's browser claims to be somewhere else on every request.
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': '203.0.113.77', 'X-Real-IP': '203.0.113.78' } });
  const page = await context.newPage();
  try {
    const email = await registeredCustomer(page, 'spoofer');
    await signIn(page, email);
    await acceptTermsIfAsked(page);
    await page.goto('/account/sessions');
    const thisDevice = page.getByRole('listitem', { name: /\(this device\)/ });
    await expect(thisDevice).toBeVisible();
    await expect(page.getByText(/203\.0\.113\.7[78]/)).toHaveCount(0);
    await expect(thisDevice.getByText(/^(127\.0\.0\.1|::1)$/)).toBeVisible();
  } finally {
    await context.close();
  }
});

test('links that try to send a signed-in customer to another site stay on Gatehouse', async ({ page, baseURL }) => {
  const email = await registeredCustomer(page, 'redirected');
  // Signing in from a crafted link lands in the account, not elsewhere.
  await page.goto(`/sign-in?next=${encodeURIComponent('/.//evil.example')}`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await acceptTermsIfAsked(page);
  expect(new URL(page.url()).origin).toBe(baseURL);
  // The pages that pass a signed-in person on when nothing is due answer with a redirect: where to?
  for (const path of ['/accept-terms', '/complete-profile']) {
    for (const next of ESCAPES) {
      const response = await page.request.get(`${path}?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
      const location = response.headers()['location'] ?? '';
      expect(response.status(), `${path} with next=${next}`).toBeGreaterThanOrEqual(300);
      expect(new URL(location, baseURL).origin, `${path} with next=${next} went to ${location}`).toBe(baseURL);
      expect(location.startsWith('//') || location.startsWith('/\\'), location).toBe(false);
    }
  }
});

test('the development outbox of a demo build shows customers nothing: it is for staff who may read users', async ({ page }) => {
  // Anonymous: sent to sign in first.
  await page.goto('/dev/outbox');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdev%2Foutbox/);
  // A customer: as if the page did not exist.
  const email = await registeredCustomer(page, 'nosy');
  await signIn(page, email);
  await acceptTermsIfAsked(page);
  const response = await page.goto(`/dev/outbox?to=${encodeURIComponent(email)}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Development outbox' })).toHaveCount(0);
});

test("a script running in a signed-in customer's page cannot read their session token from the session endpoint", async ({ page, context }) => {
  const email = await registeredCustomer(page, 'scripted');
  await signIn(page, email);
  await acceptTermsIfAsked(page);
  // gatehouse.session, or __Host-gatehouse.session over HTTPS (lib/auth/sessions.ts sessionCookie).
  const token = (await context.cookies()).find((c) => c.name.endsWith('gatehouse.session'));
  expect(token?.httpOnly, 'the session cookie is out of scripts’ reach').toBe(true);
  // What injected script (XSS) would do: ask the same origin for the session, with the cookie.
  const answer = await page.evaluate(async () => (await fetch('/api/auth/session')).text());
  const session = JSON.parse(answer) as Record<string, unknown>;
  expect(session.user).toMatchObject({ email });
  expect(answer).not.toContain(token!.value);
  expect(Object.keys(session).sort()).toEqual(['authMethods', 'authenticatedAt', 'expires', 'sessionId', 'user']);
});
