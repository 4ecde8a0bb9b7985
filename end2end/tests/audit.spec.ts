// The Audit log page: events newest first, filters, and the CSV export.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, expectNoAxeViolations, logIn, seedDemo, waitForHydration } from './helpers';

test.beforeAll(() => seedDemo());

test('the owner reads the audit log, filters it, and exports it as CSV', async ({ page }) => {
  await logIn(page, 'owner@northwind.test', DEMO_PASSWORD);
  await page.goto('/audit');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  // The log-in just made is the newest event.
  const first = page.getByRole('row').nth(1);
  await expect(first).toContainText('Logged in');
  await expect(first).toContainText('Olivia Owens <owner@northwind.test>');
  await expectNoAxeViolations(page);

  await page.getByLabel('Action').selectOption({ label: 'Logged in' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  // Only log-ins are left (checked again until the filtered page is in).
  await expect(page.locator('tbody tr td:nth-child(3)').filter({ hasNotText: 'Logged in' })).toHaveCount(0);
  await expect(page.getByRole('row').nth(1)).toContainText('Logged in');

  await page.getByLabel('To', { exact: true }).fill('2020-01-01');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByText('No events match.')).toBeVisible();
  await page.getByLabel('To', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('row').nth(1)).toContainText('Logged in');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  // The page counted the lines as they came and says how many events the file holds.
  await expect(page.getByRole('status', { name: 'Export' })).toHaveText(/^Exported \d+ events\.$/);
  const exported = Number((await page.getByRole('status', { name: 'Export' }).textContent())?.match(/\d+/)?.[0]);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  expect(lines.length - 1).toBe(exported);
  expect(lines[0]).toBe('time,actor,action,target,account,ip,user_agent,detail');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((line) => line.includes(',user.logged_in,'))).toBe(true);
});

test('a staff member is told the audit log is not for them', async ({ page }) => {
  await logIn(page, 'sam@northwind.test', DEMO_PASSWORD);
  await page.goto('/audit');
  await waitForHydration(page);
  await expect(page.getByRole('alert')).toContainText('The audit log is for the agency');
});
