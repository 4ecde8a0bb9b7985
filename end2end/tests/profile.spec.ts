import { test, expect, type Page } from '@playwright/test';
import {
  collectErrors, expectNoAxeViolations, follow, PASSWORD, signUp, uniqueEmail, waitForHydration,
} from './helpers';

const NEW_PASSWORD = 'a brand new passphrase';

async function signUpPat(page: Page, email: string): Promise<void> {
  await signUp(page, email, { agency: 'Profile Agency', first: 'Pat', last: 'Kim' });
  await expect(page.getByTestId('signed-in-as')).toHaveText('Pat Kim');
}

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test('My profile asks a signed-out visitor to log in, then brings them back', async ({ page }) => {
  const email = uniqueEmail('pat');
  await signUpPat(page, email);
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile|\/login\?next=\/profile/);
  await waitForHydration(page);
  await logIn(page, email, PASSWORD);

  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
});

test('change the password, then log in with the new one only', async ({ page }) => {
  const errors = collectErrors(page);
  const email = uniqueEmail('pat');
  await signUpPat(page, email);
  await follow(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My profile' }));
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(page.getByText('This browser')).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#current_password-error')).toHaveText('This is not your current password.');

  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password was changed');
  await expect(page.getByLabel('Current password')).toHaveValue('');
  await expect(page.getByLabel('New password')).toHaveValue('');
  await expect(page.locator('#new_password-strength')).toHaveText('');

  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, email, PASSWORD);
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await logIn(page, email, NEW_PASSWORD);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Pat Kim');
  expect(errors).toEqual([]);
});

test('a changed name shows in the header at once', async ({ page }) => {
  await signUpPat(page, uniqueEmail('pat'));
  await page.goto('/profile');
  await waitForHydration(page);

  await page.getByLabel('First name').fill('Patricia');
  await page.getByRole('button', { name: 'Save name' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Your name was saved.' })).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Patricia Kim');
});
