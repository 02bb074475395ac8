// One file to deploy: the server binary, with the app built into it, copied
// alone into an empty folder, serves the dashboard and its rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, serverBin } from '../lib/server.mjs';
import { launch, openPage, waitForIds, isListUrl } from '../lib/browser.mjs';

// scripts/test builds the debug server with `--features embed-app`; point
// DEPLOY_BIN at scripts/release's output to test that binary instead.
const bin = process.env.DEPLOY_BIN ?? serverBin;
let dir, server, browser;

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dashboard-deploy-'));
  await fs.copyFile(bin, path.join(dir, 'server'));
  await fs.chmod(path.join(dir, 'server'), 0o755);
  server = await startServer([], { bin: path.join(dir, 'server'), cwd: dir, builtIn: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

test('the copied binary alone serves the app and its rows', async () => {
  assert.deepEqual(await fs.readdir(dir), ['server'], 'nothing but the binary in the folder');
  const { page, errors, context } = await openPage(browser);
  const responseP = page.waitForResponse((r) => isListUrl(r.url()));
  await page.goto(server.url + '/');
  const body = await (await responseP).json();
  assert.ok(body.items.length > 0, 'the demo API returned batches');
  await waitForIds(page, body.items.map((b) => b.id));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the built-in app sends its precompressed variants and a reload of a route works', async () => {
  const index = await fetch(server.url + '/', { headers: { 'accept-encoding': 'br' } });
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('content-encoding'), 'br');
  const html = await index.text();
  const wasm = html.match(/\/[\w-]+_bg\.wasm/)?.[0];
  assert.ok(wasm, `index.html names the wasm module: ${html.slice(0, 300)}`);
  const module = await fetch(server.url + wasm, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(module.headers.get('content-encoding'), 'gzip');
  assert.equal(module.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const route = await fetch(server.url + '/batches/bat-1?status=FAILED');
  assert.equal(route.status, 200);
  assert.match(await route.text(), /<html/i);
  assert.equal((await fetch(server.url + '/missing-0123456789abcdef.js')).status, 404);
});
