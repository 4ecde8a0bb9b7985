import { test, expect } from '@playwright/test';
import {
  collectErrors, DEMO_PASSWORD, expectNoAxeViolations, follow, logIn, seedDemo, signUp, uniqueEmail, waitForHydration,
} from './helpers';

test('an owner creates a client account, adds resources, archives and restores it', async ({ page }) => {
  const errors = collectErrors(page);
  await signUp(page, uniqueEmail());
  await expect(page.getByTestId('signed-in-as')).toHaveText('Ann Lee');

  await follow(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Client accounts' }));
  await expect(page.getByRole('heading', { level: 1, name: 'Client accounts' })).toBeVisible();
  await expect(page.getByText('No client accounts match.')).toBeVisible();
  await expectNoAxeViolations(page);
  await follow(page.getByRole('link', { name: 'Create client account' }));
  await expect(page.getByRole('heading', { level: 1, name: 'Create client account' })).toBeVisible();

  // A mistake first: it is explained next to its field and nothing else is lost.
  await page.getByLabel('Name').fill('Globex');
  await page.getByLabel('Contact email').fill('not-an-email');
  await page.getByRole('button', { name: 'Create client account' }).click();
  await expect(page.getByLabel('Contact email')).toHaveAccessibleDescription(/Enter an email address like name@example.com/);
  await expect(page.getByLabel('Name')).toHaveValue('Globex');
  await expectNoAxeViolations(page);
  await page.getByLabel('Contact email').fill('it@globex.test');
  await page.getByRole('button', { name: 'Create client account' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Globex' })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel('Kind').selectOption({ label: 'Campaign' });
  await page.getByLabel('Resource name').fill('Spring sale');
  await page.getByRole('button', { name: 'Add resource' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Campaigns (1)' })).toBeVisible();

  await page.getByLabel('Kind').selectOption({ label: 'Website or application' });
  await page.getByLabel('Resource name').fill('Shop');
  await page.getByRole('button', { name: 'Add resource' }).click();
  const environments = page.getByRole('list', { name: 'Environments of Shop' });
  await expect(environments).toContainText('production');
  await page.getByLabel('New environment of Shop').fill('staging');
  await page.getByRole('button', { name: 'Add environment' }).click();
  await expect(environments).toContainText('staging: no domains yet');
  await page.getByLabel('New domain for staging').fill('staging.globex.test');
  await page.getByRole('button', { name: 'Add domain' }).nth(1).click();
  await expect(environments).toContainText('staging: staging.globex.test');
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Archive client account' }).click();
  await expect(page.getByText('Archived', { exact: true })).toBeVisible();
  await follow(page.getByRole('link', { name: 'All client accounts' }));
  await expect(page.getByText('No client accounts match.')).toBeVisible();
  await page.getByLabel('Show archived accounts').check();
  await follow(page.getByRole('link', { name: 'Globex' }));
  await page.getByRole('button', { name: 'Restore client account' }).click();
  await expect(page.getByRole('button', { name: 'Archive client account' })).toBeVisible();
  await follow(page.getByRole('link', { name: 'All client accounts' }));
  await expect(page.getByRole('link', { name: 'Globex' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a name that looks like markup is shown as text, on the server and after hydration', async ({ page }) => {
  const evil = '<img src=x onerror=alert(1)>';
  let dialogs = 0;
  page.on('dialog', async (dialog) => { dialogs += 1; await dialog.dismiss(); });
  await signUp(page, uniqueEmail());
  await expect(page.getByTestId('signed-in-as')).toHaveText('Ann Lee');
  await page.goto('/clients/new');
  await waitForHydration(page);
  await page.getByLabel('Name').fill(evil);
  await page.getByRole('button', { name: 'Create client account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: evil })).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1, name: evil })).toBeVisible();
  await page.goto('/clients');
  await expect(page.getByRole('link', { name: evil })).toBeVisible();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toBe(0);
});

test.describe('demo clients', () => {
  test.beforeAll(() => seedDemo());

  test('a client in several accounts switches between them, and the choice is remembered', async ({ page }) => {
    const errors = collectErrors(page);
    await logIn(page, 'max@clients.test', DEMO_PASSWORD);
    // The first account by name until Max chooses another.
    await expect(page.getByRole('heading', { level: 1, name: 'Acme Bakery' })).toBeVisible();
    const switcher = page.getByRole('combobox', { name: 'Working in' });
    await expect(switcher.locator('option')).toHaveText(['Acme Bakery · Northwind Digital', 'Globex · Northwind Digital', 'Initech · Northwind Digital']);
    await expectNoAxeViolations(page);

    await switcher.selectOption({ label: 'Globex · Northwind Digital' });
    await page.getByRole('button', { name: 'Switch' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Globex' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 3, name: 'Campaigns (51)' })).toBeVisible();

    await switcher.selectOption({ label: 'Initech · Northwind Digital' });
    await page.getByRole('button', { name: 'Switch' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Initech' })).toBeVisible();
    await expect(page.getByTestId('working-in')).toHaveText('Initech');
    await expect(page.getByRole('list', { name: 'Environments of Customer portal' })).toContainText('staging: staging.portal.initech.test');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Initech' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('a client with chosen resources sees only those', async ({ page }) => {
    await logIn(page, 'ivy@initech.test', DEMO_PASSWORD);
    await expect(page.getByRole('heading', { level: 1, name: 'Initech' })).toBeVisible();
    await expect(page.getByText('Customer portal')).toBeVisible();
    await expect(page.getByText('initech.test', { exact: true })).toBeVisible();
    await expect(page.getByText('Marketing site')).toHaveCount(0);
    await expect(page.getByRole('combobox', { name: 'Working in' })).toHaveCount(0);
  });

  test('the account home hydrates cleanly however quickly the server answers', async ({ page }) => {
    // The account's resources once raced the sign-in check on the server: a value fetched for "no
    // account yet" could reach the browser, and hydration then failed on some reloads, not all.
    const errors = collectErrors(page);
    await logIn(page, 'ivy@initech.test', DEMO_PASSWORD);
    for (let reload = 0; reload < 15; reload++) {
      await page.reload();
      await waitForHydration(page);
      await expect(page.getByText('Customer portal')).toBeVisible();
      expect(errors).toEqual([]);
    }
  });

  test('a client whose membership ended sees No access yet', async ({ page }) => {
    await logIn(page, 'nora@clients.test', DEMO_PASSWORD);
    await expect(page.getByRole('heading', { level: 1, name: 'No access yet' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('staff see the client accounts assigned to them only', async ({ page }) => {
    await logIn(page, 'sam@northwind.test', DEMO_PASSWORD);
    await page.goto('/clients');
    await waitForHydration(page);
    await expect(page.getByRole('table').getByRole('link')).toHaveText(['Globex', 'Initech']);
  });

  test('the owner changes a role on Users and lets a Staff member manage an account', async ({ page }) => {
    const errors = collectErrors(page);
    await logIn(page, 'owner@northwind.test', DEMO_PASSWORD);
    await follow(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }));
    await expect(page.getByRole('heading', { level: 2, name: 'Staff users' })).toBeVisible();
    // Pending invites other specs send are "by Olivia Owens" too: only the staff's rows count here.
    const staff = page.getByRole('region', { name: 'Staff users' });
    const sue = staff.getByRole('row', { name: /Sue Sparks/ });
    await expect(sue.locator('.badge')).toHaveText('STAFF');
    await expect(staff.getByRole('row', { name: /Olivia Owens/ }).locator('.badge')).toHaveText('OWNER');
    await expectNoAxeViolations(page);
    await sue.getByLabel('Role of Sue Sparks', { exact: true }).selectOption('admin');
    await sue.getByRole('button', { name: 'Change role of Sue Sparks' }).click();
    await expect(sue.locator('.badge')).toHaveText('ADMIN');

    await page.goto('/clients');
    await waitForHydration(page);
    await follow(page.getByRole('link', { name: 'Globex' }));
    await expect(page.getByRole('heading', { level: 2, name: 'Users of this account' })).toBeVisible();
    const nora = page.getByRole('listitem').filter({ hasText: 'Nora Ended' });
    await expect(nora).toContainText('Access ended');
    await follow(page.getByRole('link', { name: 'All client accounts' }));
    await follow(page.getByRole('link', { name: 'Umbrella Clinic' }));
    await page.getByRole('button', { name: 'Let Sam Stone manage it' }).click();
    await expect(page.getByRole('button', { name: 'Stop Sam Stone managing it' })).toBeVisible();
    await expect(page.getByText('Manages this account')).toBeVisible();
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
  });
});
