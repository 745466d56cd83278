import { expect, test } from '@playwright/test';
import { E2E_ADMIN, E2E_METRICS_TOKEN } from '../playwright.config';
import { signInWithPassword } from './support/journeys';

// The operator's view of one production instance: probes, and metrics counted inside Next.js's
// bundle (the sign-in pipeline) served by the Node entry in front of it.

const bearer = { authorization: `Bearer ${E2E_METRICS_TOKEN}` };

function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

test('an operator probes the instance and sees a sign-in counted', async ({ page, request }) => {
  expect((await request.get('/healthz')).status()).toBe(200);
  const ready = await request.get('/readyz');
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
  expect((await request.get('/metrics')).status()).toBe(401);

  const before = await (await request.get('/metrics', { headers: bearer })).text();
  const signInPage = await page.goto('/sign-in?utm_source=probe');
  expect(signInPage?.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  await signInWithPassword(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).not.toHaveURL(/\/sign-in(\?|$)/);

  const after = await (await request.get('/metrics', { headers: bearer })).text();
  expect(sample(after, 'gatehouse_sign_ins_total', { method: 'password', outcome: 'success' })).toBe(sample(before, 'gatehouse_sign_ins_total', { method: 'password', outcome: 'success' }) + 1);
  expect(sample(after, 'gatehouse_http_request_duration_seconds_count', { method: 'GET', route: '/sign-in', status: '200' })).toBeGreaterThanOrEqual(1);
  expect(after).not.toContain('utm_source');
});
