import { test, expect } from '@playwright/test';
import {
  collectErrors, DEMO_PASSWORD, expectNoAxeViolations, follow, logIn, seedDemo, waitForHydration,
} from './helpers';

test.beforeAll(() => seedDemo());

test('the owner drills down the switch tree, sees the changes, and saves them', async ({ page }) => {
  const errors = collectErrors(page);
  await logIn(page, 'owner@northwind.test', DEMO_PASSWORD);
  await page.goto('/clients');
  await waitForHydration(page);
  await follow(page.getByRole('link', { name: 'Globex' }));
  await follow(page.getByRole('link', { name: 'Manage permissions of Gus Grant' }));
  await expect(page.getByRole('heading', { level: 1, name: 'Permissions of Gus Grant' })).toBeVisible();
  const tree = page.getByRole('tree', { name: 'Permissions of Gus Grant' });

  // Default: everything on but three switches, so the sections with those show as mixed.
  await expect(tree.getByRole('switch', { name: 'Messages' })).toHaveAttribute('aria-checked', 'mixed');
  await expect(tree.getByRole('switch', { name: 'Domains' })).toHaveAttribute('aria-checked', 'true');
  await expectNoAxeViolations(page);

  // Drill down to a metric, and back by the breadcrumb.
  await page.getByRole('button', { name: 'Open Integrations' }).click();
  await page.getByRole('button', { name: 'Open Google Ads' }).click();
  await page.getByRole('button', { name: 'Open Metrics' }).click();
  const clicks = tree.getByRole('switch', { name: 'Clicks' });
  await expect(clicks).toHaveAttribute('aria-checked', 'true');
  await clicks.click();
  await expect(clicks).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByRole('status', { name: 'Changes' })).toContainText('Will turn off: Clicks');
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: 'Integrations' }).click();
  await expect(tree.getByRole('switch', { name: 'Google Ads' })).toHaveAttribute('aria-checked', 'mixed');

  // A parent off disables its subtree; on again, the children's settings are back.
  await tree.getByRole('switch', { name: 'Google Ads' }).click();
  await page.getByRole('button', { name: 'Open Google Ads' }).click();
  await expect(tree.getByRole('treeitem').filter({ has: page.getByRole('switch', { name: 'Metrics' }) })).toHaveClass(/disabled/);
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: 'Integrations' }).click();
  await tree.getByRole('switch', { name: 'Google Ads' }).click();
  await page.getByRole('button', { name: 'Open Google Ads' }).click();
  await page.getByRole('button', { name: 'Open Metrics' }).click();
  await expect(tree.getByRole('switch', { name: 'Clicks' })).toHaveAttribute('aria-checked', 'false');
  await expect(tree.getByRole('switch', { name: 'Impressions' })).toHaveAttribute('aria-checked', 'true');

  // All permissions, then save: the changes are listed first.
  await page.getByRole('button', { name: 'All permissions' }).click();
  await expect(page.getByRole('status', { name: 'Changes' })).toHaveText('Will turn on: Create and edit reports, Send messages, Set tasks');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status', { name: 'Changes' })).toHaveText('No changes.');
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByRole('tree').getByRole('switch', { name: 'Messages' })).toHaveAttribute('aria-checked', 'true');

  // Default turns exactly three switches off.
  await page.getByRole('button', { name: 'Default' }).click();
  await expect(page.getByRole('status', { name: 'Changes' })).toHaveText('Will turn off: Create and edit reports, Send messages, Set tasks');
  expect(errors).toEqual([]);
});

test('filtering keeps the matches with their sections', async ({ page }) => {
  await logIn(page, 'owner@northwind.test', DEMO_PASSWORD);
  await page.goto('/clients');
  await waitForHydration(page);
  await follow(page.getByRole('link', { name: 'Globex' }));
  await follow(page.getByRole('link', { name: 'Manage permissions of Cleo Garcia' }));
  await page.getByLabel('Filter switches').fill('conversions');
  const tree = page.getByRole('tree');
  await expect(tree.getByRole('treeitem')).toHaveCount(7);
  await expect(tree.getByText('integrations › google_ads › metrics › conversions')).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the whole tree works with the keyboard alone', async ({ page }) => {
  await logIn(page, 'owner@northwind.test', DEMO_PASSWORD);
  await page.goto('/clients');
  await waitForHydration(page);
  await follow(page.getByRole('link', { name: 'Globex' }));
  await follow(page.getByRole('link', { name: 'Manage permissions of Kim Keys' }));
  const tree = page.getByRole('tree');
  await tree.getByRole('switch', { name: 'General' }).focus();
  await page.keyboard.press('End');
  await expect(tree.getByRole('switch', { name: 'Support' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(tree.getByRole('switch', { name: 'General' })).toBeFocused();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await expect(tree.getByRole('switch', { name: 'Integrations' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(tree.getByRole('switch', { name: 'Google Ads' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(tree.getByRole('switch', { name: 'Campaigns' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const clicks = tree.getByRole('switch', { name: 'Clicks' });
  await expect(clicks).toBeFocused();
  await page.keyboard.press('Space');
  await expect(clicks).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByRole('status', { name: 'Changes' })).toContainText('Will turn off: Clicks');
  await page.keyboard.press('ArrowLeft');
  await expect(tree.getByRole('switch', { name: 'Campaigns' })).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(tree.getByRole('switch', { name: 'Google Ads' })).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(tree.getByRole('switch', { name: 'General' })).toBeFocused();
});

test('effective access says what decides a permission', async ({ page }) => {
  await logIn(page, 'owner@northwind.test', DEMO_PASSWORD);
  await page.goto('/clients');
  await waitForHydration(page);
  await follow(page.getByRole('link', { name: 'Globex' }));
  await follow(page.getByRole('link', { name: 'Manage permissions of Cleo Garcia' }));
  await page.getByLabel('Permission', { exact: true }).selectOption('messages.send');
  await page.getByRole('button', { name: 'Check' }).click();
  const answer = page.locator('.effective');
  await expect(answer).toContainText('Not allowed. “Send messages” is off.');
  await expect(answer).toContainText('All current and future resources of the account.');
  await page.getByLabel('Permission', { exact: true }).selectOption('integrations.google_ads.metrics.clicks');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(answer).toContainText('Allowed. “Clicks” and every switch above it are on.');
  await expectNoAxeViolations(page);
});

test('save the switches as a template and apply it to another user', async ({ page }) => {
  const errors = collectErrors(page);
  await logIn(page, 'owner@northwind.test', DEMO_PASSWORD);
  await page.goto('/clients');
  await waitForHydration(page);
  await follow(page.getByRole('link', { name: 'Initech' }));
  await follow(page.getByRole('link', { name: 'Manage permissions of Ian Ives' }));
  const tree = page.getByRole('tree');
  await tree.getByRole('switch', { name: 'Reports' }).click();
  await page.getByLabel('Template name').fill('No reports');
  await page.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByLabel('Template', { exact: true })).toContainText('No reports');
  await page.getByRole('button', { name: 'Default' }).click();
  await expect(page.getByRole('status', { name: 'Changes' })).toHaveText('No changes.');

  await page.getByLabel('Template', { exact: true }).selectOption('No reports');
  await page.getByRole('button', { name: 'Apply template' }).click();
  await expect(page.getByRole('status', { name: 'Changes' })).toHaveText('Will turn off: Reports');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status', { name: 'Changes' })).toHaveText('No changes.');
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByRole('tree').getByRole('switch', { name: 'Reports' })).toHaveAttribute('aria-checked', 'false');
  expect(errors).toEqual([]);
});

test('clone copies another client user\'s switches', async ({ page }) => {
  await logIn(page, 'owner@northwind.test', DEMO_PASSWORD);
  await page.goto('/clients');
  await waitForHydration(page);
  await follow(page.getByRole('link', { name: 'Stark Solar' }));
  await follow(page.getByRole('link', { name: 'Manage permissions of Pepper Potts' }));
  await page.getByLabel('Name or email').fill('gus');
  await page.getByRole('button', { name: 'Find' }).click();
  // Gus was given All permissions in an earlier test of this file.
  await page.getByRole('button', { name: 'Copy from Gus Grant in Globex' }).click();
  await expect(page.getByRole('status', { name: 'Changes' })).toHaveText('Will turn on: Create and edit reports, Send messages, Set tasks');
  await expectNoAxeViolations(page);
});

test('a client manager opens a colleague\'s switches and finds those beyond their own locked', async ({ page }) => {
  await logIn(page, 'kim@clients.test', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Globex' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Users of this account' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Manage permissions of Kim Keys' })).toHaveCount(0);
  await follow(page.getByRole('link', { name: 'Manage permissions of Cleo Garcia' }));
  await expect(page.getByText('Switches beyond your own access are locked.')).toBeVisible();
  await page.getByRole('button', { name: 'Open Messages' }).click();
  const send = page.getByRole('tree').getByRole('switch', { name: 'Send messages' });
  await expect(send).toBeDisabled();
  await expect(page.getByRole('tree').getByRole('treeitem').filter({ has: page.getByRole('switch', { name: 'Send messages' }) })).toContainText('Locked: beyond your own access');
  await expect(page.getByRole('tree').getByRole('switch', { name: 'Read messages' })).toBeEnabled();
  await expectNoAxeViolations(page);
});

test('two people edit one switch tree: the second save is refused, naming the first, with a fresh diff', async ({ browser }) => {
  const open = async (email: string) => {
    const page = await (await browser.newContext()).newPage();
    await logIn(page, email, DEMO_PASSWORD);
    await page.goto('/clients');
    await waitForHydration(page);
    await follow(page.getByRole('link', { name: 'Umbrella Clinic' }));
    await follow(page.getByRole('link', { name: 'Manage permissions of Uli Umber' }));
    await expect(page.getByRole('tree', { name: 'Permissions of Uli Umber' })).toBeVisible();
    return page;
  };
  const owner = await open('owner@northwind.test');
  const admin = await open('admin@northwind.test');
  const changes = (page: typeof owner) => page.getByRole('status', { name: 'Changes' });

  // The admin is halfway through a change when the owner saves one.
  await admin.getByRole('tree').getByRole('switch', { name: 'Tasks' }).click();
  await owner.getByRole('tree').getByRole('switch', { name: 'Support' }).click();
  await owner.getByRole('button', { name: 'Save changes' }).click();
  await expect(changes(owner)).toHaveText('No changes.');

  // The admin is told at once (or, had the news been slower, when saving), with the owner's
  // switches loaded and the admin's edit kept.
  await expect(admin.getByRole('alert').filter({ hasText: 'changed by Olivia Owens a moment ago' })).toBeVisible();
  // Saving now would turn Support back on: the list says so before anyone saves again.
  await expect(changes(admin)).toContainText('Will turn on: Support');
  await expect(changes(admin)).toContainText('Will turn off: Tasks');
  await expectNoAxeViolations(admin);
  await admin.getByRole('tree').getByRole('switch', { name: 'Support' }).click();
  await expect(changes(admin)).toHaveText('Will turn off: Tasks');
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await expect(changes(admin)).toHaveText('No changes.');

  // The owner had nothing pending: their tree simply shows the admin's change, without a reload.
  await expect(owner.getByRole('tree').getByRole('switch', { name: 'Tasks' })).toHaveAttribute('aria-checked', 'false');
  await expect(changes(owner)).toHaveText('No changes.');
});
