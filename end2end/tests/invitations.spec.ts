// Create User, invitations from the Outbox to the account, Resend, Cancel, expiry, and users
// created without an email.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import {
  collectErrors,
  DEMO_PASSWORD,
  expectNoAxeViolations,
  follow,
  logIn,
  PASSWORD,
  seedDemo,
  signUp,
  uniqueEmail,
  waitForHydration,
} from './helpers';

test.beforeAll(() => seedDemo());

const OWNER = 'owner@northwind.test';

/** Goes through the wizard as the signed-in owner: a client user of `account` with all resources. */
async function createClientUser(page: Page, email: string, account: string, { sendEmail = true } = {}) {
  await page.goto('/users/new');
  await waitForHydration(page);
  await page.getByLabel('Client user').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Email addresses').fill(email);
  if (!sendEmail) await page.getByLabel('Invite users via email').uncheck();
  await page.getByLabel(account, { exact: true }).check();
  await page.getByLabel('All current and future resources').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create user: permissions' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users created' })).toBeVisible();
}

/** The invitation link in the newest Outbox message to `email`, as a path. */
async function linkFromOutbox(page: Page, email: string): Promise<string> {
  await page.goto('/outbox');
  await waitForHydration(page);
  const message = page.locator('.message').filter({ hasText: email }).first();
  const text = (await message.textContent()) ?? '';
  const match = text.match(/\/invite\/[A-Za-z0-9_-]{43}/);
  expect(match, `a link in: ${text}`).not.toBeNull();
  return match![0];
}

/** Fills the invitation page's Register form (the address stays as invited) and agrees to the terms. */
async function fillRegister(page: Page, first: string, last: string) {
  await page.getByLabel('First name').fill(first);
  await page.getByLabel('Last name').fill(last);
  await page.locator('#password').fill(PASSWORD);
  await page.getByLabel('I have read and agree to the Terms of Service').check();
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** Opens the link in a browser of its own, as the invitee would. */
async function openLink(browser: Browser, link: string): Promise<Page> {
  const page = await freshPage(browser);
  await page.goto(link);
  await waitForHydration(page);
  return page;
}

/** Moves the clock past the invitation's end, through the run's SQLite database. */
function expireInvitationsTo(email: string) {
  const path = (process.env.E2E_DATABASE_URL ?? '').replace(/^sqlite:\/\//, '');
  execFileSync('python3', [
    '-c',
    'import sqlite3, sys\n' +
      'db = sqlite3.connect(sys.argv[1], timeout=10)\n' +
      'db.execute("UPDATE invitations SET expires_at = sent_at - 1 WHERE email_normalized = ?", (sys.argv[2],))\n' +
      'db.commit()',
    path,
    email.toLowerCase(),
  ]);
}

test('the owner creates a client user with the wizard; the invitee registers and sees only the chosen resources', async ({ page, browser }) => {
  const errors = collectErrors(page);
  const email = uniqueEmail('nina');
  await logIn(page, OWNER, DEMO_PASSWORD);
  await page.goto('/users');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 2, name: 'Client users' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Pending invites' })).toBeVisible();
  await expectNoAxeViolations(page);
  await follow(page.getByRole('link', { name: 'Create user' }));

  // 1. User type.
  await expect(page.getByRole('heading', { level: 1, name: 'Create user: user type' })).toBeVisible();
  await waitForHydration(page);
  await expectNoAxeViolations(page);
  await page.getByLabel('Client user').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  // 2. Addresses, the account and two of its 51 campaigns.
  await page.getByLabel('Email addresses').fill(email);
  await expect(page.getByLabel('Invite users via email')).toBeChecked();
  await page.getByLabel('Globex', { exact: true }).check();
  const chosen = page.getByRole('status', { name: 'Resources chosen in Globex' });
  await expect(chosen).toHaveText('0/51');
  await expect(page.getByText('With no resources, this user will not be able to use the app')).toBeVisible();
  await page.getByLabel('Search resources in Globex').fill('Campaign 0');
  await page.getByLabel('Campaign 03 (Campaign)').check();
  await page.getByLabel('Campaign 07 (Campaign)').check();
  await expect(chosen).toHaveText('2/51');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Continue' }).click();

  // 3. Customize: drill down and turn a metric off. Back and Continue keep it.
  await page.getByLabel('Customize').check();
  await page.getByRole('button', { name: 'Open Integrations' }).click();
  await page.getByRole('button', { name: 'Open Google Ads' }).click();
  await page.getByRole('button', { name: 'Open Metrics' }).click();
  const tree = page.getByRole('tree', { name: 'Permissions of the new user' });
  await tree.getByRole('switch', { name: 'Clicks' }).click();
  await expect(tree.getByRole('switch', { name: 'Clicks' })).toHaveAttribute('aria-checked', 'false');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByLabel('Email addresses')).toHaveValue(email);
  await expect(chosen).toHaveText('2/51');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByLabel('Customize')).toBeChecked();
  await page.getByRole('button', { name: 'Continue' }).click();

  // 4. Review and create.
  await expect(page.getByText('Globex: 2 chosen resources')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();

  // The link, read from the Outbox, opened by the invitee in a browser of their own.
  const link = await linkFromOutbox(page, email);
  const invitee = await openLink(browser, link);
  await expect(invitee.getByRole('heading', { level: 1, name: 'You have been invited to Globex' })).toBeVisible();
  await expect(invitee.getByText('Campaign 03')).toBeVisible();
  await expectNoAxeViolations(invitee);
  await expect(invitee.getByLabel('Email address').nth(1)).toHaveValue(email);
  await fillRegister(invitee, 'Nina', 'Novak');
  await invitee.getByLabel('I have read and agree to the Terms of Service').uncheck();
  await invitee.getByRole('button', { name: 'Register' }).click();
  await expect(invitee.getByText('Agree to the Terms of Service to register.')).toBeVisible();
  await invitee.getByLabel('I have read and agree to the Terms of Service').check();
  await invitee.getByRole('button', { name: 'Register' }).click();
  await expect(invitee).toHaveURL(/\/$/);
  await expect(invitee.getByTestId('working-in')).toHaveText('Globex');
  await expect(invitee.getByText('Campaign 03')).toBeVisible();
  await expect(invitee.getByText('Campaign 07')).toBeVisible();
  await expect(invitee.getByText('Campaign 04')).toHaveCount(0);

  // The link is spent.
  await invitee.goto(link);
  await expect(invitee.getByRole('heading', { level: 1, name: 'This invitation has already been used' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('an existing user accepts by logging in', async ({ page, browser }) => {
  await logIn(page, OWNER, DEMO_PASSWORD);
  // Tony is a client user of the demo (Stark Solar) who is not in Umbrella Clinic.
  await createClientUser(page, 'tony@stark.test', 'Umbrella Clinic');
  const link = await linkFromOutbox(page, 'tony@stark.test');
  const tony = await openLink(browser, link);
  await tony.getByLabel('Email address').first().fill('tony@stark.test');
  await tony.getByLabel('Password').first().fill(DEMO_PASSWORD);
  await tony.getByRole('button', { name: 'Log in' }).last().click();
  await expect(tony).toHaveURL(/\/$/);
  await expect(tony.getByTestId('working-in')).toHaveText('Umbrella Clinic');
});

test('a signed-in visitor accepts as themselves, and the page names both addresses', async ({ page, browser }) => {
  const email = uniqueEmail('invited');
  await logIn(page, OWNER, DEMO_PASSWORD);
  await createClientUser(page, email, 'Stark Solar');
  const link = await linkFromOutbox(page, email);
  const ben = await freshPage(browser);
  await logIn(ben, 'ben@acme-bakery.test', DEMO_PASSWORD);
  await ben.goto('/');
  await ben.goto(link);
  await waitForHydration(ben);
  await expect(ben.getByTestId('email-note')).toHaveText(`This invitation was sent to ${email}; you are accepting it as ben@acme-bakery.test.`);
  await expect(ben.getByRole('button', { name: 'Use another account' })).toBeVisible();
  await expectNoAxeViolations(ben);
  await ben.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(ben).toHaveURL(/\/$/);
});

test('Resend makes the old link fail; Cancel ends the new one, whose page asks for another', async ({ page, browser }) => {
  const email = uniqueEmail('resend');
  await logIn(page, OWNER, DEMO_PASSWORD);
  await createClientUser(page, email, 'Globex');
  const oldLink = await linkFromOutbox(page, email);

  await page.goto('/users');
  await waitForHydration(page);
  await page.getByLabel('Search users').fill(email);
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Invite sent: just now');
  // A form the browser posts: the page comes back saying what happened, the search kept.
  await row.getByRole('button', { name: `Resend invite to ${email}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invite sent again.' })).toBeVisible();
  await expect(page.getByLabel('Search users')).toHaveValue(email);
  const newLink = await linkFromOutbox(page, email);
  expect(newLink).not.toBe(oldLink);

  const visitor = await freshPage(browser);
  await visitor.goto(oldLink);
  await expect(visitor.getByRole('heading', { level: 1, name: 'This invitation link is not valid' })).toBeVisible();
  await visitor.goto(newLink);
  await expect(visitor.getByRole('heading', { level: 1, name: 'You have been invited to Globex' })).toBeVisible();

  await page.goto('/users');
  await waitForHydration(page);
  await page.getByLabel('Search users').fill(email);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('row').filter({ hasText: email }).getByRole('button', { name: `Cancel invite to ${email}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invite cancelled.' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: email })).toHaveCount(0);

  await visitor.goto(newLink);
  await waitForHydration(visitor);
  await expect(visitor.getByRole('heading', { level: 1, name: 'This invitation was cancelled' })).toBeVisible();
  await expectNoAxeViolations(visitor);
  await visitor.getByRole('button', { name: 'Ask for a new invitation' }).click();
  await expect(visitor.getByText('We told the person who invited you.')).toBeVisible();
});

test('an expired link says so, and asking for a new one tells the inviter', async ({ page, browser }) => {
  const email = uniqueEmail('late');
  await logIn(page, OWNER, DEMO_PASSWORD);
  await createClientUser(page, email, 'Globex');
  const link = await linkFromOutbox(page, email);
  expireInvitationsTo(email);

  const visitor = await openLink(browser, link);
  await expect(visitor.getByRole('heading', { level: 1, name: 'This invitation has expired' })).toBeVisible();
  await expectNoAxeViolations(visitor);
  await visitor.getByRole('button', { name: 'Ask for a new invitation' }).click();
  await expect(visitor.getByText('We told the person who invited you.')).toBeVisible();

  await page.goto('/users');
  await waitForHydration(page);
  await page.getByLabel('Search users').fill(email);
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Expired');
  await expect(row).toContainText('ASKED FOR A NEW LINK');
});

test('with "Invite users via email" off, a new address becomes a profile with an initial password', async ({ page, browser }) => {
  const email = uniqueEmail('noemail');
  await logIn(page, OWNER, DEMO_PASSWORD);
  await createClientUser(page, email, 'Umbrella Clinic', { sendEmail: false });
  await expect(page.getByRole('heading', { level: 3, name: `Complete the profile of ${email}` })).toBeVisible();
  await page.getByLabel('First name').fill('Otto');
  await page.getByLabel('Last name').fill('Offline');
  await page.getByRole('button', { name: 'Set initial password' }).click();
  const password = (await page.getByTestId('initial-password').textContent()) ?? '';
  expect(password.length).toBeGreaterThanOrEqual(16);
  await expectNoAxeViolations(page);

  const otto = await freshPage(browser);
  await logIn(otto, email, password);
  await expect(otto.getByRole('heading', { name: 'Choose your own password' })).toBeVisible();
  await expect(otto.getByTestId('working-in')).toHaveText('Umbrella Clinic');
});

test('malformed and repeated addresses are reported one by one, and the valid ones go on after confirming', async ({ page }) => {
  const good = uniqueEmail('good');
  await logIn(page, OWNER, DEMO_PASSWORD);
  await page.goto('/users/new');
  await waitForHydration(page);
  await page.getByLabel('Client user').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Email addresses').fill(`${good}, not-an-address, ${good.toUpperCase()}, cleo@globex.test`);
  await page.getByLabel('Globex', { exact: true }).check();
  await page.getByLabel('All current and future resources').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  const problems = page.getByRole('alert').filter({ hasText: 'Some addresses cannot be used' });
  await expect(problems).toContainText('not-an-address: Enter an email address like name@example.com.');
  await expect(problems).toContainText('This address is in the list twice.');
  await expect(problems).toContainText('cleo@globex.test: Already a member of Globex.');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Continue with 1 valid address' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: good })).toHaveCount(1);
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText(`Invitation sent to ${good}.`)).toBeVisible();
});

test('the owner invites an admin; the link makes them staff of the agency', async ({ page, browser }) => {
  const email = uniqueEmail('adele');
  await logIn(page, OWNER, DEMO_PASSWORD);
  await page.goto('/users/new');
  await waitForHydration(page);
  await page.getByLabel('Staff user').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Email addresses').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create user: role' })).toBeVisible();
  await page.getByLabel('Admin').check();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();

  const link = await linkFromOutbox(page, email);
  const adele = await openLink(browser, link);
  await expect(adele.getByRole('heading', { level: 1, name: 'You have been invited to Northwind Digital' })).toBeVisible();
  await expect(adele.getByText('Role: ADMIN')).toBeVisible();
  await fillRegister(adele, 'Adele', 'Admin');
  await adele.getByRole('button', { name: 'Register' }).click();
  await expect(adele).toHaveURL(/\/$/);
  await expect(adele.getByTestId('working-in')).toHaveText('Northwind Digital');
});

test('a client manager invites into their own account only, without the staff choices', async ({ page }) => {
  const email = uniqueEmail('colleague');
  await logIn(page, 'kim@clients.test', DEMO_PASSWORD);
  await follow(page.getByRole('link', { name: 'Invite users' }));
  await expect(page.getByRole('heading', { level: 1, name: 'Create user: email addresses' })).toBeVisible();
  await waitForHydration(page);
  await expect(page.getByLabel('Staff user')).toHaveCount(0);
  await page.getByLabel('Email addresses').fill(email);
  await page.getByLabel('Globex', { exact: true }).check();
  await page.getByLabel('All current and future resources').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByLabel('Clone')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
});

test('a staff user added without email is removed from the staff after a confirmation that names them', async ({ page }) => {
  const email = uniqueEmail('temp');
  await logIn(page, OWNER, DEMO_PASSWORD);
  await page.goto('/users/new');
  await waitForHydration(page);
  await page.getByLabel('Staff user').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Email addresses').fill(email);
  await page.getByLabel('Invite users via email').uncheck();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Staff', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Create user' }).click();
  await page.getByLabel('First name').fill('Tina');
  await page.getByLabel('Last name').fill('Temp');
  await page.getByRole('button', { name: 'Set initial password' }).click();
  await expect(page.getByTestId('initial-password')).not.toBeEmpty();

  await page.goto('/users');
  await waitForHydration(page);
  await page.getByLabel('Search users').fill(email);
  await page.getByRole('button', { name: 'Search' }).click();
  const staffTable = page.getByRole('region', { name: 'Staff users' });
  await expect(staffTable.getByRole('row').filter({ hasText: 'Tina Temp' })).toContainText('STAFF');
  await staffTable.getByRole('button', { name: 'Remove Tina Temp from the staff' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm removal of Tina Temp' });
  await expect(confirm).toContainText('Remove Tina Temp from the staff?');
  await expectNoAxeViolations(page);
  // Keep leaves everything as it was, the search too.
  await confirm.getByRole('link', { name: 'Keep' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByLabel('Search users')).toHaveValue(email);
  await staffTable.getByRole('button', { name: 'Remove Tina Temp from the staff' }).click();
  await confirm.getByRole('button', { name: 'Remove from the staff' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Removed.' })).toBeVisible();
  await expect(staffTable.getByRole('row').filter({ hasText: 'Tina Temp' })).toHaveCount(0);
});

test('the Users page shows a new member the moment the invitation is accepted, without a reload', async ({ page, browser }) => {
  const email = uniqueEmail('live');
  await logIn(page, OWNER, DEMO_PASSWORD);
  await createClientUser(page, email, 'Stark Solar');
  const link = await linkFromOutbox(page, email);
  await page.goto('/users');
  await waitForHydration(page);
  await page.getByLabel('Search users').fill(email);
  // The search is a GET form: a page of its own, whose island follows the changes.
  await follow(page.getByRole('button', { name: 'Search' }));
  const pending = page.getByRole('region', { name: 'Pending invites' });
  const members = page.getByRole('region', { name: 'Client users' });
  await expect(pending.getByRole('row').filter({ hasText: email })).toHaveCount(1);
  await expect(members.getByRole('row').filter({ hasText: email })).toHaveCount(0);

  const invitee = await openLink(browser, link);
  await fillRegister(invitee, 'Liv', 'Live');
  await invitee.getByRole('button', { name: 'Register' }).click();
  await expect(invitee).toHaveURL(/\/$/);

  // The owner's page, untouched, updates by itself.
  await expect(members.getByRole('row').filter({ hasText: email })).toHaveCount(1, { timeout: 3_000 });
  await expect(pending.getByRole('row').filter({ hasText: email })).toHaveCount(0);
});

// A fresh agency, so that specs running beside this one keep the demo agency's settings.
test('the owner changes the invitation settings; a bad number is refused next to its field', async ({ page }) => {
  const errors = collectErrors(page);
  await signUp(page, uniqueEmail('settings'));
  await expect(page.getByTestId('signed-in-as')).toHaveText('Ann Lee');
  await page.goto('/users');
  await waitForHydration(page);
  const days = page.getByLabel('Invitation links are valid for (days)');
  const require = page.getByLabel('Require the invited email address for client invitations');
  await expect(days).toHaveValue('7');
  await expect(require).not.toBeChecked();

  await days.fill('45');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('#valid_days-error')).toHaveText('Choose a number of days from 1 to 30.');
  await expect(days).toHaveAttribute('aria-invalid', 'true');

  await days.fill('14');
  await require.press('Space');
  await expect(require).toBeChecked();
  await days.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status', { name: 'Invitation settings saved' })).toHaveText('Saved.');
  await expect(days).not.toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);

  await page.reload();
  await waitForHydration(page);
  await expect(days).toHaveValue('14');
  await expect(require).toBeChecked();
  expect(errors).toEqual([]);
});
