// Runs the console's browser tests: one headless Chromium, one page, every e2e/specs/*.mjs in file name order.
//   node e2e/run.mjs <engine URL> <admin secret> <screenshot folder> [spec name filter]
// Each spec exports `default async function (t)`; `t` is described in ../README.md. The first failure stops the run
// (later specs build on earlier ones), with a screenshot of the page as it was.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [url, secret, shots, filter] = process.argv.slice(2);
if (!url || secret === undefined || !shots) {
  console.error('usage: node e2e/run.mjs <engine URL> <admin secret> <screenshot folder> [filter]');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const specsDir = new URL('./specs/', import.meta.url).pathname;
const specs = readdirSync(specsDir).filter((f) => f.endsWith('.mjs') && (!filter || f.includes(filter))).sort();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
context.setDefaultTimeout(15000);
const page = await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
// The sign-in screen's probe answers 401 until the secret is given: expected, not a problem.
page.on('console', (m) => m.type() === 'error' && !/status of 401/.test(m.text())
  && problems.push(`console error: ${m.text()}`));

let shotNumber = 0;
let current = '';

async function post(path, body) {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-hasura-admin-secret': secret } : {}) },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

const t = {
  page,
  context,
  url,
  secret,
  /** A full-page screenshot, numbered in the order taken: 03-data-track-all.png. */
  async shot(name) {
    shotNumber += 1;
    const file = join(shots, `${String(shotNumber).padStart(2, '0')}-${current}-${name}.png`);
    await page.screenshot({ path: file });
    return file;
  },
  /** run_sql as admin, outside the browser: a spec's own set-up (`args` adds run_sql's other arguments). */
  sql: (text, args = {}) => post('/v2/query', { type: 'run_sql', args: { sql: text, ...args } }),
  metadata: (type, args = {}) => post('/v1/metadata', { type, args }),
  graphql: (query, variables, headers = {}) => fetch(url + '/v1/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-hasura-admin-secret': secret } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  }).then((r) => r.json()),
  /** Fails the spec with `message` unless `condition` holds. */
  check(condition, message) {
    if (!condition) throw new Error(message);
  },
};

let failed = 0;
let passed = 0;
const started = Date.now();
for (const file of specs) {
  current = file.replace(/\.mjs$/, '').replace(/^\d+-/, '');
  const spec = await import(pathToFileURL(join(specsDir, file)).href);
  const begin = Date.now();
  try {
    await spec.default(t);
    passed += 1;
    console.log(`ok ${file} (${Date.now() - begin} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`FAILED ${file} (${Date.now() - begin} ms): ${e.stack ?? e}`);
    await page.screenshot({ path: join(shots, `FAILED-${current}.png`) }).catch(() => {});
    break;
  }
}
for (const problem of problems) console.log(problem);
await browser.close();
console.log(`console e2e: ${passed} passed, ${failed} failed, ${specs.length - passed - failed} not run, `
  + `${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed > 0 ? 1 : 0);
