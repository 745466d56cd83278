import { expect, test } from '@playwright/test';

// Renders the sign-in area as a person sees it, in light and dark mode, and keeps
// the pictures the README shows (docs/screenshots).
for (const colorScheme of ['light', 'dark'] as const) {
  test(`the sign-up and sign-in pages show the brand in ${colorScheme} mode`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1024, height: 860 });

    await page.goto('/sign-up');
    await expect(page.getByRole('link', { name: 'Gatehouse' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create account' })).toBeEnabled();
    await page.screenshot({ path: `docs/screenshots/sign-up-${colorScheme}.png` });

    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
    await page.screenshot({ path: `docs/screenshots/sign-in-${colorScheme}.png` });
  });
}
