// Playwright drives Debian's Chromium (never a downloaded browser) against a real server that this
// config starts on its own port with a fresh SQLite database. `scripts/test` sets the E2E_* variables;
// the defaults suit a developer who built with `cargo leptos build` and runs `npx playwright test` here.
import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The same default as scripts/setup.
const targetDir = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache', 'switchboard', 'target');
const port = process.env.E2E_PORT ?? '3100';
const baseURL = `http://127.0.0.1:${port}`;
// Workers inherit the main process's environment, so the database is created once per run.
process.env.E2E_DATABASE_URL ??= `sqlite://${join(mkdtempSync(join(tmpdir(), 'switchboard-e2e-')), 'e2e.db')}`;

export default defineConfig({
  testDir: './tests',
  // A whole journey, not one step: the debug build's split WASM is compiled again in every fresh
  // browser context, and journeys through several contexts took 20-35 s. On a loaded machine (load
  // average 9 on two cores) one hydration of the debug build took 3-5 s and up to 10 s, so a step may
  // take 20 s and the 15 reloads of the account home's spec over 60 s in all.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: process.env.E2E_SERVER_BIN ?? join(targetDir, 'debug', 'switchboard'),
    cwd: resolve(__dirname, '..'),
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: process.env.E2E_SITE_ROOT ?? resolve(__dirname, '..', 'target', 'site'),
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      RUST_LOG: process.env.RUST_LOG ?? 'warn',
    },
  },
});
