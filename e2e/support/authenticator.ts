import { expect, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';

/** The customer's phone: codes from the key shown on the page, never the same time step twice. */
export function authenticatorApp(setupKey: string) {
  const totp = new TOTP({ secret: Secret.fromBase32(setupKey.replace(/\s/g, '')), algorithm: 'SHA1', digits: 6, period: 30 });
  let lastStep = -1;
  return {
    nextCode() {
      // A code is accepted once; the next one may come from the coming step, which the server still accepts.
      const step = Math.max(Math.floor(Date.now() / 30_000), lastStep + 1);
      lastStep = step;
      return totp.generate({ timestamp: step * 30_000 });
    },
  };
}

/** A signed-in customer turns on two-step verification with an authenticator app and saves their recovery codes. */
export async function turnOnTwoStep(page: Page) {
  await page.goto('/account/security/mfa');
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const app = authenticatorApp(await page.getByLabel('Setup key').inputValue());
  await page.getByLabel('6-digit code from the app').fill(app.nextCode());
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
  await expect(page.getByText('Signing in asks for a code from your authenticator app.')).toBeVisible();
  return app;
}
