// `privacy-site serve` in a real browser: a broken edit shows the error overlay
// on the page whose source is broken, other pages only count it, and the overlay
// goes away once the file is fixed; the page reloads by itself.
//
//   node --test tests/browser/serve.test.mjs
//
// Needs the release binary (scripts/test.sh builds it) and Chromium.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const BINARY = join(REPO, 'target/release/privacy-site');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const TIMEOUT = 60_000;

let root, server, base, browser;

before(async () => {
  assert.ok(existsSync(BINARY), `${BINARY} is missing: run cargo build --release`);
  root = mkdtempSync(join(tmpdir(), 'privacy-site-serve-'));
  for (const name of ['config.toml', 'content', 'templates', 'sass']) {
    cpSync(join(REPO, name), join(root, name), { recursive: true });
  }
  server = spawn(BINARY, ['serve', '--root', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let timer;
  base = await new Promise((ok, fail) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      // "Serving URL …" (English) or "Forhåndsvisning: URL …" (Danish, the site's default).
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) ok(m[1]);
    });
    server.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${out}`)));
    timer = setTimeout(() => fail(new Error(`serve did not start: ${out}`)), 30_000);
  }).finally(() => clearTimeout(timer));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGINT');
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The overlay's heading text, or null when there is no overlay. */
async function overlayTitle(page) {
  const box = page.locator('.privacy-site-overlay');
  return (await box.count()) ? box.locator('strong').first().textContent() : null;
}

test('the overlay shows a broken page its own error, other pages only count it', { timeout: TIMEOUT }, async () => {
  const file = join(root, 'content/integration.md');
  const good = readFileSync(file, 'utf8');
  const other = await browser.newPage();
  const broken = await browser.newPage();
  try {
    await other.goto(`${base}/vores-dialog/`);
    await broken.goto(`${base}/integration/`);
    assert.equal(await overlayTitle(other), null, 'no overlay while the site is clean');

    // A title without a value is a front-matter error in content/integration.md.
    writeFileSync(file, good.replace(/^title = .*$/m, 'title = '));
    await broken.waitForSelector('.privacy-site-overlay', { timeout: 20_000 });
    const own = await broken.locator('.privacy-site-overlay li').allTextContents();
    assert.ok(own.some((t) => t.includes('content/integration.md')), own.join('\n'));
    await other.waitForSelector('.privacy-site-overlay', { timeout: 20_000 });
    // In the site's default language (Danish), as every message of this run.
    assert.match(await overlayTitle(other), /^0 fejl på denne side, [1-9]\d* på andre sider/);
    assert.equal(await other.locator('.privacy-site-overlay li').count(), 0, 'no foreign error listed');

    // Fixed: the overlay goes away and the page reloads with the new text.
    writeFileSync(file, good.replace('Center for Job og Social', 'Center for Job og Social (rettet)'));
    await broken.waitForFunction(() => document.body.textContent.includes('(rettet)'), null, { timeout: 20_000 });
    await broken.waitForLoadState('load');
    assert.equal(await overlayTitle(broken), null);
  } finally {
    writeFileSync(file, good);
  }
});
