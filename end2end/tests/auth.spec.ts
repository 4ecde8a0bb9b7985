import { test, expect, type Page } from '@playwright/test';
import {
  collectErrors, expectNoAxeViolations, follow, PASSWORD, signUp, uniqueEmail, waitForHydration,
} from './helpers';

async function openHydrated(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
}

test('sign up, log out, and log in again', async ({ page }) => {
  const errors = collectErrors(page);
  const email = uniqueEmail();

  await signUp(page, email);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Ann Lee');
  await expect(page.getByRole('banner')).toContainText('Acme Agency');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('banner').getByRole('link', { name: 'Log in' })).toBeVisible();

  await page.getByLabel('Email address').fill(email.toUpperCase());
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Ann Lee');
  expect(errors).toEqual([]);
});

test('a wrong password gets one message that names neither field', async ({ page }) => {
  const email = uniqueEmail();
  await signUp(page, email);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  // Hydrated, the form stays on the page; before that it posts itself (the spec further down).
  await waitForHydration(page);

  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();

  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await expect(page).toHaveURL(/\/login$/);
  await expectNoAxeViolations(page);
});

test('bad sign-up input is explained next to each field', async ({ page }) => {
  await openHydrated(page, '/signup');
  await page.getByLabel('Agency name').fill('Acme Agency');
  await page.getByLabel('First name').fill('Ann');
  await page.getByLabel('Last name').fill('Lee');
  await page.getByLabel('Email address').fill('ann@');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create agency' }).click();

  const email = page.getByLabel('Email address');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription('Enter an email address like name@example.com.');
  await expect(page.locator('#password-error')).toHaveText('Use at least 8 characters.');
  await expect(page.getByLabel('Agency name')).toHaveValue('Acme Agency');
  await expectNoAxeViolations(page);
});

test('the log-in and sign-up pages have no accessibility violations', async ({ page }) => {
  await openHydrated(page, '/login');
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
  await expectNoAxeViolations(page);
  await openHydrated(page, '/signup');
  await expect(page.getByRole('heading', { level: 1, name: 'Create your agency' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the strength meter follows typing, and Generate fills a strong password that works', async ({ page }) => {
  const email = uniqueEmail();
  await openHydrated(page, '/signup');
  const password = page.getByLabel('Password', { exact: true });

  await password.fill('12345678');
  await expect(page.locator('#password-strength')).toHaveText('Strength: Weak');
  await password.fill('Sunflower garden 42!');
  await expect(page.locator('#password-strength')).toHaveText(/Strength: (Strong|Very strong)/);

  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(password).toHaveAttribute('type', 'text');
  const generated = await password.inputValue();
  expect(generated).toMatch(/^[A-Za-z2-9]{20}$/);
  await expect(page.locator('#password-strength')).toHaveText('Strength: Very strong');
  await expectNoAxeViolations(page);

  await page.getByLabel('Agency name').fill('Acme Agency');
  await page.getByLabel('First name').fill('Ann');
  await page.getByLabel('Last name').fill('Lee');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Create agency' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Ann Lee');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(generated);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Ann Lee');
});

test('a common password is refused with a reason', async ({ page }) => {
  await openHydrated(page, '/signup');
  await page.getByLabel('Agency name').fill('Acme Agency');
  await page.getByLabel('First name').fill('Ann');
  await page.getByLabel('Last name').fill('Lee');
  await page.getByLabel('Email address').fill(uniqueEmail());
  await page.getByLabel('Password', { exact: true }).fill('iloveyou1');
  await page.getByRole('button', { name: 'Create agency' }).click();
  await expect(page.locator('#password-error')).toContainText('most common passwords');
});

test('a registered person without access sees No access yet and what to do', async ({ page }) => {
  const email = uniqueEmail('cleo');
  await openHydrated(page, '/login');
  await follow(page.getByRole('link', { name: 'register' }));
  await expect(page).toHaveURL(/\/register$/);
  await page.getByLabel('First name').fill('Cleo');
  await page.getByLabel('Last name').fill('Client');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Generate' }).click();
  await page.getByRole('button', { name: 'Register' }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'No access yet' })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Cleo Client');
  await expectNoAxeViolations(page);
});

// Pages hydrate once the browser is idle; until then, and without JavaScript at all, a form is a
// plain POST to its server function, which answers with a redirect back to the page.
test('log in and log out work as plain form posts, before any WASM', async ({ page, browser }) => {
  const email = uniqueEmail();
  await signUp(page, email);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Ann Lee');

  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto('/login');
  await plain.getByLabel('Email address').fill(email);
  await plain.getByLabel('Password').fill('not the password');
  await plain.getByRole('button', { name: 'Log in' }).click();
  await expect(plain.getByRole('alert')).toHaveText('Wrong email or password.');

  await plain.getByLabel('Email address').fill(email);
  await plain.getByLabel('Password').fill(PASSWORD);
  await plain.getByRole('button', { name: 'Log in' }).click();
  await expect(plain.getByTestId('signed-in-as')).toHaveText('Ann Lee');

  await plain.getByRole('button', { name: 'Log out' }).click();
  await expect(plain.getByRole('banner').getByRole('link', { name: 'Log in' })).toBeVisible();
  await context.close();
});
