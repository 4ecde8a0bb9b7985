// The Users page is rendered on the server only: search, pages, Remove's confirmation and every
// action are links and forms the browser handles itself, so the page works without JavaScript.
// (axe-core needs JavaScript: the same screens are checked with it in invitations.spec.ts.)
import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, seedDemo } from './helpers';

test.beforeAll(() => seedDemo());

test.use({ javaScriptEnabled: false });

test('without JavaScript the owner searches, asks to remove, keeps, and sees a refused setting', async ({ page }) => {
  // Log in is a form the browser posts too.
  await page.goto('/login');
  await page.getByLabel('Email address').fill('owner@northwind.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Olivia Owens');

  await page.goto('/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await page.getByLabel('Search users').fill('Sparks');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/users\?q=Sparks$/);
  const staff = page.getByRole('region', { name: 'Staff users' });
  await expect(staff.getByRole('row')).toHaveCount(2);
  const sue = staff.getByRole('row', { name: /Sue Sparks/ });
  // One page of results: neither way leads anywhere.
  const pages = page.getByRole('navigation', { name: 'Pages of staff users' });
  await expect(pages.getByRole('link', { name: 'Next page' })).toHaveAttribute('aria-disabled', 'true');

  await sue.getByRole('button', { name: 'Remove Sue Sparks from the staff' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm removal of Sue Sparks' });
  await expect(confirm).toContainText('Remove Sue Sparks from the staff?');
  await confirm.getByRole('link', { name: 'Keep' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(sue).toHaveCount(1);

  // A refused setting comes back next to its field, and changes nothing.
  await page.getByLabel('Invitation links are valid for (days)').fill('45');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('#valid_days-error')).toHaveText('Choose a number of days from 1 to 30.');
  await expect(page.getByLabel('Invitation links are valid for (days)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Search users')).toHaveValue('Sparks');
});
