// Trunk post-build hook: adds a Content-Security-Policy <meta> to the built
// index.html. Trunk's wasm loader is an inline <script>, which 'self' alone
// would block, so the policy allows exactly that script by its SHA-256 hash
// and nothing else inline.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('csp.mjs runs as a trunk hook (TRUNK_STAGING_DIR is not set)');
const file = path.join(dir, 'index.html');
let html = readFileSync(file, 'utf8');

const hashes = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);

const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '');
html = html.replace(/<head>/, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}">`);
writeFileSync(file, html);
console.log(`csp.mjs: policy with ${hashes.length} inline script hash(es) written to index.html`);
