import { test, expect } from '@playwright/test';
import { collectErrors, expectNoAxeViolations, follow, signUp, uniqueEmail, waitForHydration } from './helpers';

test('forgot password: the owner finds the link in the Outbox, and it sets a new password once', async ({ browser }) => {
  const email = uniqueEmail();
  const laptop = await (await browser.newContext()).newPage();
  const laptopErrors = collectErrors(laptop);
  await signUp(laptop, email);
  await expect(laptop.getByTestId('signed-in-as')).toHaveText('Ann Lee');

  // On another device Ann has forgotten her password.
  const phone = await (await browser.newContext()).newPage();
  const phoneErrors = collectErrors(phone);
  await phone.goto('/login');
  await waitForHydration(phone);
  await follow(phone.getByRole('link', { name: 'Forgot password?' }));
  await expect(phone).toHaveURL(/\/forgot-password$/);
  await phone.getByLabel('Email address').fill(email);
  await phone.getByRole('button', { name: 'Send reset link' }).click();
  await expect(phone.getByRole('status')).toContainText('If an account uses this address, a link is on its way.');
  await expectNoAxeViolations(phone);

  // No email server here: the message waits in the agency's Outbox, which Ann still has open on her laptop.
  await follow(laptop.getByRole('link', { name: 'Outbox' }));
  await expect(laptop.getByRole('heading', { level: 2, name: 'Reset your Switchboard password' })).toBeVisible();
  await expect(laptop.getByText('Not sent: pass it on yourself')).toBeVisible();
  await expect(laptop.getByText(`To ${email}`)).toBeVisible();
  await expectNoAxeViolations(laptop);
  const body = (await laptop.locator('.message-body').first().textContent()) ?? '';
  const link = body.match(/https?:\/\/\S+\/reset-password\?token=[\w-]+/)?.[0];
  expect(link, body).toBeTruthy();

  await phone.goto(link!);
  await waitForHydration(phone);
  await expect(phone.getByText(`For the account ${email}.`, { exact: false })).toBeVisible();
  await phone.getByLabel('New password').fill('password');
  await phone.getByRole('button', { name: 'Set new password' }).click();
  await expect(phone.locator('#new_password-error')).toContainText('common');
  await phone.getByRole('button', { name: 'Generate' }).click();
  await expectNoAxeViolations(phone);
  await phone.getByRole('button', { name: 'Set new password' }).click();
  await expect(phone).toHaveURL(/\/$/);
  await expect(phone.getByTestId('signed-in-as')).toHaveText('Ann Lee');

  // Every other session ended with the reset: the laptop is sent to Log in.
  await laptop.reload();
  await expect(laptop).toHaveURL(/\/login\?next=\/outbox$/);

  // The link works once.
  await phone.goto(link!);
  await expect(phone.getByRole('alert')).toContainText('This reset link has already been used.');
  await expect(phone.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
  expect(laptopErrors).toEqual([]);
  expect(phoneErrors).toEqual([]);
});

test('a mangled reset link says so and offers a new one', async ({ page }) => {
  await page.goto('/reset-password?token=not-a-real-token');
  await waitForHydration(page);
  await expect(page.getByRole('alert')).toContainText('This reset link is not valid.');
  await follow(page.getByRole('link', { name: 'Ask for a new link' }));
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot password' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the Outbox tells people who are not owners that it is not for them', async ({ page }) => {
  await page.goto('/register');
  await waitForHydration(page);
  await page.getByLabel('First name').fill('Cy');
  await page.getByLabel('Last name').fill('Doe');
  await page.getByLabel('Email address').fill(uniqueEmail('cy'));
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page).toHaveURL(/\/$/);

  await follow(page.getByRole('link', { name: 'Outbox' }));
  await expect(page.getByRole('alert')).toHaveText('Only the owners of an agency can read its outbox.');
});
