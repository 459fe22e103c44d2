// Browser and validator checks for a built site folder.
//
//   SITE_DIR=public node --test tests/browser/
//
// For every .html file under SITE_DIR: the Nu HTML Checker (one run over all
// files), axe-core WCAG 2.0/2.1 A+AA in Chromium, and a check that the page
// makes no request to any origin but the local test server. Also screenshots
// of one notice page per language. Needs scripts/install-test-deps.sh first.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readdirSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const started = Date.now();
const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = resolve(HERE, '..', '..');
// An explicit SITE_DIR is taken from the current folder; the default is the repo's public/.
const SITE_DIR = process.env.SITE_DIR ? resolve(process.env.SITE_DIR) : join(REPO, 'public');
const OUTPUT_DIR = join(HERE, 'output');
const VNU_JAR = join(REPO, 'node_modules/vnu-jar/build/dist/vnu.jar');
const CHROMIUM = '/usr/bin/chromium';
// These flags keep Chromium from phoning home (Google update/sync/field-trial
// traffic would both hang on the closed network and pollute the request log)
// and let it run as root without a GPU.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCREENSHOT_PAGES = (process.env.SCREENSHOT_PAGES ?? '/vores-dialog/,/en/vores-dialog/')
  .split(',').map((s) => s.trim()).filter(Boolean);
const WIDTHS = [{ width: 1280, height: 900 }, { width: 390, height: 844 }];
const TIMEOUT = 60_000; // per test: a hung browser must fail, not eat CI's time

// --- the pages -------------------------------------------------------------

// Found synchronously so that each page can get its own named test.
const htmlFiles = existsSync(SITE_DIR)
  ? readdirSync(SITE_DIR, { recursive: true })
    .filter((f) => f.endsWith('.html') && statSync(join(SITE_DIR, f)).isFile())
    .map((f) => join(SITE_DIR, f))
    .sort()
  : [];

// public/x/index.html -> /x/ (how the site links to it); other files keep their name.
function urlPath(file) {
  const rel = relative(SITE_DIR, file).split(sep).join('/');
  if (rel === 'index.html') return '/';
  return '/' + (rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel);
}
const pages = htmlFiles.map(urlPath);

// --- a tiny static server ---------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.webp': 'image/webp', '.avif': 'image/avif', '.ico': 'image/x-icon',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.pdf': 'application/pdf',
};

// Resolves a URL path to a file inside SITE_DIR, or null (-> 404).
async function fileFor(pathname) {
  let p;
  try { p = decodeURIComponent(pathname); } catch { return null; }
  if (p.includes('\0')) return null;
  if (p.endsWith('/')) p += 'index.html';
  const root = await realpath(SITE_DIR);
  const inside = (f) => { const r = relative(root, f); return r !== '' && !r.startsWith('..') && !isAbsolute(r); };
  const file = resolve(root, '.' + p);
  if (!inside(file)) return null; // "/../etc/passwd" and the like
  try {
    const real = await realpath(file); // a symlink must not lead outside either
    return inside(real) && (await stat(real)).isFile() ? real : null;
  } catch { return null; }
}

function startServer() {
  const server = createServer(async (req, res) => {
    const file = req.method === 'GET' || req.method === 'HEAD'
      ? await fileFor(new URL(req.url, 'http://x').pathname) : null;
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// --- setup ------------------------------------------------------------------

let server, origin, browser, context;
const screenshots = [];

before(async () => {
  if (!pages.length) return; // the "site has pages" test reports it
  for (const f of [CHROMIUM, VNU_JAR]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run scripts/install-test-deps.sh`);
  }
  server = await startServer();
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  // AxeBuilder refuses pages from browser.newPage(); it wants a context's page.
  context = await browser.newContext();
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`site checks: ${pages.length} pages checked in ${SITE_DIR}, ` +
    `${screenshots.length} screenshots, ${secs} s`);
});

// Opens a page, logging every request it makes. Requests to another origin are
// logged and aborted: the test must not itself leak to a third party, and on a
// closed network they would only hang.
async function open(path, viewport) {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  if (viewport) await page.setViewportSize(viewport);
  const foreign = [];
  const broken = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    // data:/blob: URLs are made in the page itself and reach no one.
    if (new URL(url).origin === origin || /^(data|blob):/.test(url)) return route.continue();
    foreign.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('websocket', (ws) => foreign.push(ws.url()));
  page.on('response', (r) => { if (r.status() >= 400) broken.push(`${r.status()} ${r.url()}`); });
  const response = await page.goto(origin + path, { waitUntil: 'load' });
  assert.equal(response?.status(), 200, `${path} did not load`);
  return { page, foreign, broken };
}

// --- tests ------------------------------------------------------------------

test('the site folder has HTML pages', () => {
  assert.ok(pages.length > 0,
    `no .html files under ${SITE_DIR} — build the site first or set SITE_DIR`);
});

describe('pages in Chromium (axe WCAG 2.1 AA, requests)', () => {
  for (const path of pages) {
    test(path, { timeout: TIMEOUT }, async (t) => {
      const { page, foreign, broken } = await open(path);
      try {
        await t.test('axe: no WCAG 2.0/2.1 A/AA violations', async () => {
          const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
          const lines = violations.flatMap((v) => [
            `${v.id} (${v.impact}): ${v.help}`,
            ...v.nodes.map((n) => `    at ${n.target.join(' ')}`),
          ]);
          assert.ok(violations.length === 0, `axe violations on ${path}:\n${lines.join('\n')}`);
        });
        // Checked after axe, so that anything loaded late is in the log too.
        await t.test('no requests to other origins', () => {
          assert.ok(foreign.length === 0,
            `${path} requested third-party URLs (a privacy page must not):\n  ${foreign.join('\n  ')}`);
        });
        await t.test('no broken local requests', () => {
          assert.ok(broken.length === 0, `${path} got error responses:\n  ${broken.join('\n  ')}`);
        });
      } finally {
        await page.close();
      }
    });
  }
});

describe('screenshots', () => {
  if (!pages.length) return;
  // Start empty, so that a reviewer sees only this run's pictures.
  rmSync(OUTPUT_DIR, { recursive: true, force: true });
  mkdirSync(OUTPUT_DIR, { recursive: true });
  for (const path of SCREENSHOT_PAGES) {
    // "/en/vores-dialog/" -> en, "vores-dialog"; "/" -> da, "index"
    const lang = path.startsWith('/en/') || path === '/en' ? 'en' : 'da';
    const name = path.replace(/^\/(en\/?)?/, '').replace(/\/$/, '').replace(/\.html$/, '')
      .replaceAll('/', '-') || 'index';
    for (const viewport of WIDTHS) {
      const file = join(OUTPUT_DIR, `${lang}-${name}-${viewport.width}.png`);
      test(`${path} at ${viewport.width}px`, { timeout: TIMEOUT }, async () => {
        const { page } = await open(path, viewport);
        try {
          await page.screenshot({ path: file, fullPage: true });
        } finally {
          await page.close();
        }
        assert.ok(existsSync(file) && statSync(file).size > 0, `${file} missing or empty`);
        screenshots.push(file);
      });
    }
  }
});

test('Nu HTML Checker: no errors', { timeout: 5 * TIMEOUT }, async (t) => {
  if (!htmlFiles.length) return t.skip('no pages');
  // vnu exits 1 when it finds errors, so read its JSON whatever the exit code.
  // --stdout: it otherwise writes the report to stderr, mixed with Java's own notes.
  let stdout;
  try {
    ({ stdout } = await promisify(execFile)('java',
      ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '--stdout', ...htmlFiles],
      { maxBuffer: 64 * 1024 * 1024 }));
  } catch (err) {
    if (!err.stdout) throw err; // java or the jar missing: say so as it is
    stdout = err.stdout;
  }
  const errors = JSON.parse(stdout).messages.filter((m) => m.type !== 'info');
  const lines = errors.map((m) => {
    const file = m.url?.startsWith('file:') ? relative(SITE_DIR, fileURLToPath(m.url)) : m.url;
    return `${file}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'} ${m.message}`;
  });
  assert.ok(errors.length === 0, `Nu HTML Checker errors:\n${lines.join('\n')}`);
});
