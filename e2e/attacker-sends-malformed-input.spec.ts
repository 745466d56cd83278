import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import { registeredCustomer, signIn, acceptTermsIfAsked } from './support/journeys';
import { signInAsAdministrator } from './support/staff';

/**
 * Server actions are public HTTP endpoints: anyone can post any JSON to them, whatever the form
 * would have sent. Each must answer type-confused input with a validation error or a redirect,
 * never a 500 with a digest or a stack trace.
 */
const HUGE = 'x'.repeat(100_000);
const PAYLOADS: unknown[][] = [[], [null], [42], [[1, 2, 3]], [{ a: { b: { c: { d: {} } } } }], [HUGE], [null, null, null], [HUGE, { email: HUGE, password: HUGE, token: HUGE, reason: HUGE }], [{ email: ['a@b.c'], password: { $ne: 1 }, token: 7, next: { toString: 1 } }]];

type ServerAction = { id: string; name: string; page: string };

/** Every server action in the build the server runs, with a page that serves it. */
function serverActions(): ServerAction[] {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, ref]) => {
    const worker = Object.keys(ref.workers).find((w) => !w.includes('[')) ?? Object.keys(ref.workers)[0]!;
    const page = worker.replace(/^app/, '').replace(/\/\([^)]+\)/g, '').replace(/\/page$/, '').replace(/\[[^\]]+\]/g, 'no-such-id') || '/';
    return { id, name: `${ref.filename}#${ref.exportedName}`, page };
  });
}

async function postAction(request: APIRequestContext, baseURL: string, action: ServerAction, args: unknown[]) {
  const response = await request.post(action.page, {
    headers: { 'Next-Action': action.id, Accept: 'text/x-component', 'Content-Type': 'text/plain;charset=UTF-8', Origin: baseURL },
    data: JSON.stringify(args),
    maxRedirects: 0,
    timeout: 30_000,
  });
  return { status: response.status(), body: await response.text() };
}

async function fuzz(request: APIRequestContext, baseURL: string, actions: ServerAction[]) {
  const failures: string[] = [];
  for (const action of actions) {
    for (const args of PAYLOADS) {
      const { status, body } = await postAction(request, baseURL, action, args);
      const shown = JSON.stringify(args).slice(0, 60);
      if (status >= 500) failures.push(`${action.name} ${shown} → ${status}`);
      // A server error's digest is a bare number; Next.js's own redirects and not-found carry NEXT_… digests.
      else if (/"digest":"(?!NEXT_)|\n\s+at [\w.<]+ \(/.test(body)) failures.push(`${action.name} ${shown} → error detail in the answer`);
    }
  }
  return failures;
}

async function signedInContext(browser: Browser, baseURL: string, as: 'customer' | 'admin') {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  if (as === 'admin') await signInAsAdministrator(page);
  else {
    const email = await registeredCustomer(page, 'fuzzer');
    await signIn(page, email);
    await acceptTermsIfAsked(page);
  }
  return context;
}

test.describe.configure({ timeout: 300_000 });

test('an anonymous attacker posting malformed input to every server action gets clear answers, never a server error', async ({ request, baseURL }) => {
  expect(await fuzz(request, baseURL!, serverActions())).toEqual([]);
});

test('a signed-in customer posting malformed input to the account and sign-in actions gets clear answers', async ({ browser, baseURL }) => {
  const context = await signedInContext(browser, baseURL!, 'customer');
  try {
    const mine = serverActions().filter((a) => !a.name.startsWith('app/(admin)/') && !a.name.endsWith('#signOutAction') && !a.name.endsWith('#deleteAccountAction'));
    expect(await fuzz(context.request, baseURL!, mine)).toEqual([]);
  } finally {
    await context.close();
  }
});

test('an administrator posting malformed input to every console action gets clear answers', async ({ browser, baseURL }) => {
  const context = await signedInContext(browser, baseURL!, 'admin');
  try {
    const consoleActions = serverActions().filter((a) => a.name.startsWith('app/(admin)/'));
    expect(await fuzz(context.request, baseURL!, consoleActions)).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a directory search longer than the limit is refused next to the search field instead of listing everyone', async ({ page }) => {
  await signInAsAdministrator(page);
  await page.goto(`/admin/users?q=${'a'.repeat(250)}`);
  const search = page.getByLabel('Search by email, name or phone');
  await expect(search).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'Search with 200 characters or fewer.' })).toBeVisible();
  await expect(page.getByRole('link', { name: /@/ })).toHaveCount(0);
});
