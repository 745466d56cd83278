import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { newEmail, signUpWithPassword } from './support/journeys';
import { signInAsAdministrator } from './support/staff';

test.describe.configure({ timeout: 150_000 });

/**
 * The customer-data platform's receiver: it accepts only requests whose Standard Webhooks
 * signature checks out. It can go down (its port refuses connections) and come back on the same port.
 * It counts only requests to its own path (`path`): the OS may hand out a port that an earlier
 * receiver had, and that receiver's endpoint keeps retrying deliveries to it.
 */
function startReceiver() {
  const received: { id: string; type: string; data: Record<string, unknown>; verified: boolean }[] = [];
  let secret = '';
  let server: Server;
  const path = `/hooks/${randomUUID()}`;
  const listen = (port = 0) =>
    new Promise<number>((resolve) => {
      server = createServer((req, res) => {
        if (req.url !== path) {
          req.resume();
          res.writeHead(404).end();
          return;
        }
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        req.on('end', () => {
          let verified = false;
          try {
            new Webhook(secret).verify(body, req.headers as Record<string, string>);
            verified = true;
          } catch {
            verified = false;
          }
          const payload = JSON.parse(body) as { type: string; data: Record<string, unknown> };
          received.push({ id: String(req.headers['webhook-id']), type: payload.type, data: payload.data, verified });
          res.writeHead(verified ? 200 : 401).end();
        });
      });
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const listening = listen();
  return {
    received,
    path,
    useSecret: (value: string) => (secret = value),
    listening,
    close,
    goDown: close,
    comeBack: async () => listen(await listening),
  };
}

/** The dispatcher runs every few seconds; the administrator reloads the delivery log until it shows `text`. */
async function reloadUntil(page: Page, delivery: Locator, text: string, timeout: number) {
  await expect(async () => {
    await page.reload();
    await expect(delivery).toContainText(text, { timeout: 1000 });
  }).toPass({ timeout });
}

/** Registers an endpoint for user.created on the Webhooks page and returns its signing secret. */
async function registerEndpoint(page: Page, url: string) {
  await page.goto('/admin/webhooks');
  await page.getByLabel('Endpoint URL').fill(url);
  await page.getByLabel(/user\.created/).check();
  await page.getByRole('button', { name: 'Register endpoint' }).click();
  const secretField = page.getByLabel('Signing secret');
  await expect(secretField).toHaveValue(/^whsec_/);
  return secretField.inputValue();
}

test('the administrator registers a webhook receiver, sees a sign-up delivered with a valid signature, and resends it', async ({ page, browser, baseURL }) => {
  const receiver = startReceiver();
  const port = await receiver.listening;

  await signInAsAdministrator(page);
  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { name: 'Webhooks', exact: true })).toBeVisible();

  // Plain http to another machine is refused, with the reason beside the field.
  await page.getByLabel('Endpoint URL').fill('http://cdp.example.com/hooks');
  await page.getByLabel('Description (optional)').fill('Customer data platform');
  await page.getByLabel(/user\.created/).check();
  await page.getByRole('button', { name: 'Register endpoint' }).click();
  await expect(page.getByText('Use an https:// URL (plain http:// only for localhost or 127.0.0.1 while developing).')).toBeVisible();

  const url = `http://127.0.0.1:${port}${receiver.path}`;
  await page.getByLabel('Endpoint URL').fill(url);
  await page.getByRole('button', { name: 'Register endpoint' }).click();
  const secretField = page.getByLabel('Signing secret');
  await expect(secretField).toHaveValue(/^whsec_/);
  await expect(page.getByText('it is not shown again')).toBeVisible();
  receiver.useSecret(await secretField.inputValue());
  await expect(page.getByRole('row').filter({ hasText: url })).toContainText('Enabled');
  await page.screenshot({ path: '/tmp/webhooks-list.png', fullPage: true });

  await page.getByRole('link', { name: 'Open the new endpoint and its delivery log' }).click();
  await expect(page.getByRole('heading', { name: url })).toBeVisible();
  await expect(page.getByText('Nothing has been sent to this endpoint yet.')).toBeVisible();

  // A customer signs up in their own browser.
  const customerContext = await browser.newContext({ baseURL });
  const customer = await customerContext.newPage();
  await signUpWithPassword(customer, newEmail('webhook-customer'));
  await customerContext.close();

  const delivery = page.getByRole('row').filter({ hasText: 'user.created' });
  await reloadUntil(page, delivery, 'Delivered', 60_000);
  await expect(delivery.getByRole('cell').nth(2)).toHaveText('200');
  await expect(delivery.getByRole('cell').nth(3).locator('summary')).toHaveText('1');
  await page.screenshot({ path: '/tmp/webhooks-endpoint.png', fullPage: true });

  expect(receiver.received).toHaveLength(1);
  const [first] = receiver.received;
  expect(first).toMatchObject({ type: 'user.created', verified: true });
  expect(first!.data.userId).toEqual(expect.any(String));

  // Resend: the same event (same webhook-id) arrives again.
  await delivery.getByRole('button', { name: /^Resend user\.created/ }).click();
  await expect(page.getByText('Queued: it will be sent within a few seconds.')).toBeVisible();
  await expect.poll(() => receiver.received.length, { timeout: 60_000 }).toBe(2);
  expect(receiver.received[1]).toMatchObject({ id: first!.id, type: 'user.created', verified: true });
  await reloadUntil(page, delivery, 'Delivered', 30_000);

  await receiver.close();
});

test('a receiver that was down for a while still gets the event, once it is back', async ({ page, browser, baseURL }) => {
  const receiver = startReceiver();
  const port = await receiver.listening;
  const url = `http://127.0.0.1:${port}${receiver.path}`;

  await signInAsAdministrator(page);
  receiver.useSecret(await registerEndpoint(page, url));
  await page.getByRole('link', { name: 'Open the new endpoint and its delivery log' }).click();
  await expect(page.getByRole('heading', { name: url })).toBeVisible();

  // The receiver goes down; a customer signs up meanwhile.
  await receiver.goDown();
  const customerContext = await browser.newContext({ baseURL });
  const customer = await customerContext.newPage();
  await signUpWithPassword(customer, newEmail('outage-customer'));
  await customerContext.close();

  // The first try fails; the log says why and when the next try is.
  const delivery = page.getByRole('row').filter({ hasText: 'user.created' });
  await reloadUntil(page, delivery, 'Next try', 60_000);
  await expect(delivery.getByRole('cell').nth(2)).toContainText('connection refused');
  await page.screenshot({ path: '/tmp/webhooks-outage.png', fullPage: true });
  expect(receiver.received).toHaveLength(0);

  // Back up: a retry (seconds later, then backing off) delivers it, signed, exactly this event.
  await receiver.comeBack();
  await reloadUntil(page, delivery, 'Delivered', 90_000);
  await expect(delivery.getByRole('cell').nth(2)).toHaveText('200');
  const attempts = Number(await delivery.getByRole('cell').nth(3).locator('summary').textContent());
  expect(attempts).toBeGreaterThanOrEqual(2);
  expect(receiver.received).toHaveLength(1);
  expect(receiver.received[0]).toMatchObject({ type: 'user.created', verified: true });

  await receiver.close();
});
