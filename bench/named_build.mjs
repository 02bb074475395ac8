// Makes bench/out/dist-named: the release build in bench/out/dist with a wasm that keeps its
// function names (the same wasm-bindgen output, optimised with the same wasm-opt level and
// params plus -g), so CPU profiles name Rust functions. Used only for the profiling pass.
// Usage: node bench/named_build.mjs DIST OUT  (exits 0 and says why when it cannot)
import { readFileSync, writeFileSync, mkdirSync, readdirSync, copyFileSync, rmSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const [dist, out] = process.argv.slice(2);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bindgen = path.join(root, 'target', 'wasm-bindgen', 'release');
const skip = (why) => { console.log(`named build skipped: ${why}`); process.exit(0); };

const files = readdirSync(dist);
const js = files.find((f) => /^batches-dashboard-[0-9a-f]{12,16}\.js$/.test(f));
const wasm = files.find((f) => /^batches-dashboard-[0-9a-f]{12,16}_bg\.wasm$/.test(f));
if (!js || !wasm) skip('no app js/wasm in the dist');
if (!existsSync(path.join(bindgen, 'batches-dashboard.js'))) skip('no wasm-bindgen output in target/');
// Trunk's wasm-bindgen output lives in the shared target/: use it only if it is this build's.
if (!readFileSync(path.join(bindgen, 'batches-dashboard.js')).equals(readFileSync(path.join(dist, js)))) {
  skip('target/wasm-bindgen/release belongs to another build (someone else built since)');
}
const html = readFileSync(path.join(root, 'index.html'), 'utf8');
const level = html.match(/data-wasm-opt="([^"]*)"/)?.[1] ?? '0';
const params = (html.match(/data-wasm-opt-params="([^"]*)"/)?.[1] ?? '').split(/\s+/).filter(Boolean);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const f of files) copyFileSync(path.join(dist, f), path.join(out, f));
const named = path.join(out, wasm);
if (level === '0') {
  copyFileSync(path.join(bindgen, 'batches-dashboard_bg.wasm'), named);
} else {
  execFileSync('wasm-opt', [`--output=${named}`, `-O${level}`, path.join(bindgen, 'batches-dashboard_bg.wasm'), ...params, '-g'], { stdio: 'inherit' });
}
// The preload link carries the file's SRI hash: give it the named file's.
const sri = `sha384-${createHash('sha384').update(readFileSync(named)).digest('base64')}`;
const index = readFileSync(path.join(out, 'index.html'), 'utf8').replace(
  new RegExp(`(href="/${wasm}"[^>]*integrity=")[^"]*(")`), `$1${sri}$2`,
);
writeFileSync(path.join(out, 'index.html'), index);
console.log(`named build: ${path.relative(root, named)} (${readFileSync(named).length} bytes with names)`);
