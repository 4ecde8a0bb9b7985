// Page weight and Lighthouse for the pages a person opens first, against a running release server.
// Usage: node bench/pages.mjs BASE_URL COOKIE PATH...   (COOKIE: "name=value" of a signed-in session;
// "/login" is always opened signed out). Prints tab-separated lines:
//   weight <path> <bytes on the wire: headers and compressed bodies> <requests> <per-type detail>
//   lighthouse <path> <mobile|desktop> <performance> <accessibility> <best-practices> <audits below 0.9>
//   package <path> <files under /pkg> <of them brotli> <of them cached immutable>
//   hydration <path> <WASM functions compiled on first call> <their ms> <longest task running WASM, ms>
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, cookie, ...paths] = process.argv.slice(2);
const CHROMIUM = '/usr/bin/chromium';
// This machine has no network beyond loopback: without these, Chromium keeps trying Google's hosts.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const [name, value] = cookie.split(/=(.*)/s);
const signedIn = (path) => path !== '/login';

// A page in a context of its own (an empty cache), signed in everywhere but on Log in.
async function freshPage(browser, path) {
  const context = await browser.newContext();
  if (signedIn(path)) await context.addCookies([{ name, value, url: base }]);
  return context.newPage();
}

// The first load of `path`, until the page is interactive and its screen's chunks have arrived.
async function firstLoad(page, path) {
  await page.goto(base + path);
  await page.locator('body[data-hydrated="true"]').waitFor();
  await page.waitForLoadState('networkidle');
}

// Everything the first load of `path` moves, from an empty cache, until the page is interactive.
async function weigh(browser, path) {
  const page = await freshPage(browser, path);
  const finished = [];
  page.on('requestfinished', (request) => finished.push(request));
  await firstLoad(page, path);
  let total = 0;
  const byType = {};
  const packaged = { files: 0, brotli: 0, immutable: 0 };
  for (const request of finished) {
    if (new URL(request.url()).pathname.startsWith('/pkg/')) {
      const headers = await (await request.response()).allHeaders();
      packaged.files += 1;
      if (headers['content-encoding'] === 'br') packaged.brotli += 1;
      if ((headers['cache-control'] ?? '').includes('immutable')) packaged.immutable += 1;
    }
    const sizes = await request.sizes();
    const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
    const type = request.resourceType();
    byType[type] = (byType[type] ?? 0) + bytes;
    total += bytes;
  }
  await page.context().close();
  const detail = Object.entries(byType).map(([type, bytes]) => `${type} ${bytes}`).join(', ');
  return `weight\t${path}\t${total}\t${finished.length}\t${detail}\n` +
    `package\t${path}\t${packaged.files}\t${packaged.brotli}\t${packaged.immutable}`;
}

// Where a first load's main-thread time goes (CPU unthrottled): V8 compiles each WASM function on
// its first call, on the main thread, and those compiles are most of the long tasks Lighthouse counts
// as blocking time, so their number says how much code a page hydrates.
async function hydration(browser, path) {
  const page = await freshPage(browser, path);
  const dir = mkdtempSync(join(tmpdir(), 'trace-'));
  const trace = join(dir, 'trace.json');
  await browser.startTracing(page, { path: trace, categories: ['disabled-by-default-devtools.timeline', 'v8.wasm'] });
  await firstLoad(page, path);
  await browser.stopTracing();
  await page.context().close();
  const { traceEvents } = JSON.parse(readFileSync(trace, 'utf8'));
  rmSync(dir, { recursive: true });
  const thread = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const main = traceEvents.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X');
  const compiles = main.filter((e) => e.name === 'wasm.CompileLazy');
  const ms = (us) => (us / 1000).toFixed(1);
  const compiling = compiles.reduce((sum, e) => sum + e.dur, 0);
  // Among tasks running WASM: Playwright's own script injection is a long task too.
  const runsWasm = (task) => compiles.some((e) => e.ts >= task.ts && e.ts < task.ts + task.dur);
  const longest = Math.max(0, ...main.filter((e) => e.name === 'RunTask' && runsWasm(e)).map((e) => e.dur));
  return `hydration\t${path}\t${compiles.length}\t${ms(compiling)}\t${ms(longest)}`;
}

function lighthouse(path, preset) {
  const dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
  const report = join(dir, 'report.json');
  const args = [base + path, '--quiet', '--output=json', `--output-path=${report}`,
    '--only-categories=performance,accessibility,best-practices',
    `--chrome-flags=${FLAGS.join(' ')}`];
  if (preset === 'desktop') args.push('--preset=desktop');
  if (signedIn(path)) {
    writeFileSync(join(dir, 'headers.json'), JSON.stringify({ Cookie: cookie }));
    args.push(`--extra-headers=${join(dir, 'headers.json')}`);
  }
  execFileSync(new URL('./node_modules/.bin/lighthouse', import.meta.url).pathname, args, {
    env: { ...process.env, CHROME_PATH: CHROMIUM }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const { categories, audits } = JSON.parse(readFileSync(report, 'utf8'));
  const score = (id) => Math.round(categories[id].score * 100);
  // What cost points, so a missed budget says where to look.
  const failing = Object.values(audits)
    .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative')
    .map((audit) => audit.id).join(' ');
  return `lighthouse\t${path}\t${preset}\t${score('performance')}\t${score('accessibility')}\t${score('best-practices')}\t${failing}`;
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
for (const path of ['/login', ...paths]) console.log(await weigh(browser, path));
for (const path of ['/login', ...paths]) console.log(await hydration(browser, path));
await browser.close();
for (const path of ['/login', ...paths]) {
  for (const preset of ['mobile', 'desktop']) console.log(lighthouse(path, preset));
}
