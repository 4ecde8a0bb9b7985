// Shared steps of the specs.
import { expect, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Collects page errors and console errors, so a spec can assert that none happened. A 4xx answer
 * (wrong password, a field error) is an expected outcome the browser still logs: it is left out. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    const expected = /Failed to load resource: the server responded with a status of 4\d\d/.test(message.text());
    if (message.type() === 'error' && !expected) errors.push(message.text());
  });
  return errors;
}

/** Fails with the list of violations when axe-core finds any on the current page. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`);
  expect(summary).toEqual([]);
}

/** Waits until the page's screen (its island) has hydrated: it marks the body. */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('[data-hydrated="true"]')).toHaveCount(1);
}

/** Follows a link to another page and waits until that page's screen has hydrated: each page is a
 * document of its own, whose island hydrates after it loads. */
export async function follow(link: Locator): Promise<void> {
  const page = link.page();
  // The page being left is hydrated: only the next one may set the mark now.
  await page.evaluate(() => document.body.removeAttribute('data-hydrated'));
  await link.click();
  await waitForHydration(page);
}

export const PASSWORD = 'correct horse battery';

/** An address no other test uses: the database is shared by the whole run. */
export function uniqueEmail(prefix = 'ann'): string {
  return `${prefix}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@acme.test`;
}

/** Creates an agency whose owner is `first last` <email> on the sign-up page. */
export async function signUp(
  page: Page,
  email: string,
  { agency = 'Acme Agency', first = 'Ann', last = 'Lee', password = PASSWORD } = {},
): Promise<void> {
  await page.goto('/signup');
  await waitForHydration(page);
  await page.getByLabel('Agency name').fill(agency);
  await page.getByLabel('First name').fill(first);
  await page.getByLabel('Last name').fill(last);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create agency' }).click();
}

/** The password `seedDemo` gives every demo user. */
export const DEMO_PASSWORD = 'northwind demo password';

/** Fills the run's database with the demo agency (`switchboard demo`; a second call changes nothing). */
export function seedDemo(): void {
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache', 'switchboard', 'target');
  const binary = process.env.E2E_SERVER_BIN ?? join(targetDir, 'debug', 'switchboard');
  execFileSync(binary, ['demo', '--password', DEMO_PASSWORD], {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL, RUST_LOG: 'warn' },
    stdio: 'pipe',
  });
}

/** Logs in on the Log in page. */
export async function logIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await waitForHydration(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/$/);
}
