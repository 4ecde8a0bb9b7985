import { test, expect } from '@playwright/test';
import { collectErrors, expectNoAxeViolations, follow, signUp, uniqueEmail, waitForHydration } from './helpers';

/** "19:04:05 UTC", as the card formats a Unix-millisecond time. */
function clockTimeUtc(unixMs: number): string {
  return new Date(unixMs).toISOString().slice(11, 19) + ' UTC';
}

test('the start page hydrates and its status card asks the server again', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Switchboard' })).toBeVisible();
  const card = page.getByRole('region', { name: 'System status' });
  await expect(card.getByTestId('backend')).toHaveText('SQLite');
  await waitForHydration(page);

  const answer = page.waitForResponse((r) => r.url().endsWith('/api/status') && r.request().method() === 'POST');
  await card.getByRole('button', { name: 'Check again' }).click();
  const response = await answer;
  expect(response.status()).toBe(200);
  const report = await response.json();
  await expect(card.getByTestId('checked-at')).toHaveText(clockTimeUtc(report.checked_at_ms));
  await expect(card.getByTestId('round-trip')).toHaveText(`${(report.db_round_trip_us / 1000).toFixed(2)} ms`);
  expect(errors).toEqual([]);
});

test('the start page has no accessibility violations', async ({ page }) => {
  await page.goto('/');
  await waitForHydration(page);
  await expectNoAxeViolations(page);
});

test('the navigation works with the keyboard alone', async ({ page }) => {
  await signUp(page, uniqueEmail('kay'));
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await page.goto('/');
  await waitForHydration(page);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Switchboard' })).toBeFocused();
  await page.keyboard.press('Tab');
  const users = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' });
  await expect(users).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(users).toHaveAttribute('aria-current', 'page');
  await expectNoAxeViolations(page);
});

test('an unknown address answers 404 with a page that leads back', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page).toHaveTitle('Page not found · Switchboard');
  await expectNoAxeViolations(page);
  await follow(page.getByRole('link', { name: 'Go to the start page' }));
  await expect(page.getByRole('heading', { level: 1, name: 'Switchboard' })).toBeVisible();
});

test.describe('in dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('the page follows the system colour scheme and stays accessible', async ({ page }) => {
    await page.goto('/');
    await waitForHydration(page);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(13, 17, 23)');
    await expectNoAxeViolations(page);
  });
});

test('a failing server answer shows a readable message in the card, not a broken page', async ({ page }) => {
  await page.goto('/');
  await waitForHydration(page);
  // What the server sends when the database fails: status 500 and the opaque AppError.
  await page.route('**/api/status', (route) =>
    route.fulfill({ status: 500, contentType: 'application/json', body: '"Internal"' }),
  );

  await page.getByRole('button', { name: 'Check again' }).click();

  const card = page.getByRole('region', { name: 'System status' });
  await expect(card.getByRole('alert')).toHaveText('Something went wrong on our side. Please try again in a moment.');
  await expect(page.getByRole('banner')).toBeVisible();
  await expectNoAxeViolations(page);
});

test('a screen that needs a user sends a visitor to Log in and back', async ({ page }) => {
  const email = uniqueEmail('nav');
  await signUp(page, email);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.goto('/users');
  await expect(page).toHaveURL(/\/login\?next=(\/|%2F)users$/);
  await waitForHydration(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Log in' }).click();

  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
});
