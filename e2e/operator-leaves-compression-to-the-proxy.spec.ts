import { expect, test } from '@playwright/test';
import { E2E_STEP_UP_URL } from '../playwright.config';

// Gatehouse compresses its answers itself unless the operator says a proxy in front does
// (HTTP_COMPRESSION=off, as the step-up server runs).
test('an operator behind a compressing proxy turns gzip off, and pages are still served whole', async ({ request, baseURL }) => {
  const compressed = await request.get(`${baseURL}/sign-in`, { headers: { 'accept-encoding': 'gzip' } });
  expect(compressed.status()).toBe(200);
  expect(compressed.headers()['content-encoding']).toBe('gzip');

  const plain = await request.get(`${E2E_STEP_UP_URL}/sign-in`, { headers: { 'accept-encoding': 'gzip' } });
  expect(plain.status()).toBe(200);
  expect(plain.headers()['content-encoding']).toBeUndefined();
  expect(await plain.text()).toContain('Sign in to');
});
