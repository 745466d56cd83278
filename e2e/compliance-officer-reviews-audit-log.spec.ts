import { readFile } from 'node:fs/promises';
import { expect, test, type Download } from '@playwright/test';
import { registeredCustomer, signInWithPassword } from './support/journeys';
import { staffMember } from './support/staff';

// Three people in three browsers: the customer, the administrator who hands out the role, and the staff member.
test.describe.configure({ timeout: 120_000 });

/** RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += c;
    }
  }
  return rows;
}

async function contentOf(download: Download) {
  return readFile((await download.path())!, 'utf8');
}

test('a compliance officer finds a failed sign-in in the audit log, exports it and checks the log is intact', async ({ page: visitor, browser }) => {
  const customer = await registeredCustomer(visitor, 'audited');
  await signInWithPassword(visitor, customer, 'not my password');
  await expect(visitor.getByText('That email and password do not match.', { exact: false })).toBeVisible();

  const { page, context } = await staffMember(browser, 'compliance', 'officer');
  await page.getByRole('link', { name: 'Admin console' }).click();
  await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();

  await page.getByLabel('Action').selectOption('user.sign_in_failed');
  await page.getByLabel('Result').selectOption('failure');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/action=user\.sign_in_failed/);
  const newest = page.getByRole('row').nth(1);
  await expect(newest).toContainText('user.sign_in_failed');
  await expect(newest).toContainText('wrong_password');
  await page.screenshot({ path: '/tmp/audit-viewer.png', fullPage: true });

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/^audit-log-.*\.csv$/);
  const [header, ...records] = parseCsv(await contentOf(csvDownload));
  const column = (name: string) => header!.indexOf(name);
  // The last record is the chain head when the export began, to verify the log against later.
  const anchorRow = records.at(-1)!;
  expect(anchorRow[column('action')]).toBe('audit.anchor');
  expect(JSON.parse(anchorRow[column('metadata')]!)).toMatchObject({ gatehouse: 'audit_anchor', hash: anchorRow[column('hash')] });
  const rows = records.slice(0, -1);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r[column('action')] === 'user.sign_in_failed')).toBe(true);
  expect(rows[0]![column('reason')]).toBe('wrong_password');
  expect(rows[0]![column('hash')]).toMatch(/^[0-9a-f]{64}$/);

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export JSON' }).click()]);
  const jsonRecords = JSON.parse(await contentOf(jsonDownload)) as { id: string; action: string; gatehouse?: string }[];
  expect(jsonRecords.at(-1)).toMatchObject({ gatehouse: 'audit_anchor' });
  const events = jsonRecords.slice(0, -1);
  expect(events.map((e) => e.id)).toEqual(rows.map((r) => r[column('id')]));

  await page.getByRole('button', { name: 'Verify integrity' }).click();
  await expect(page.getByText(/Integrity verified: \d+ events/)).toBeVisible();
  await page.screenshot({ path: '/tmp/audit-verified.png', fullPage: true });
  await context.close();
});
