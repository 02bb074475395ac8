// What a page ships: the files its index.html references, by kind, raw / gzip -9 / brotli 11.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

export const KINDS = ['wasm', 'js', 'css', 'html'];

export function compressedSizes(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}

/** Same-origin files (`/name.js`, `/name_bg.wasm`, `/name.css`) that `html` references. */
export function referencedFiles(html) {
  const refs = new Set();
  for (const m of html.matchAll(/["'](\/?[\w.@-]+\.(?:wasm|js|mjs|css))["']/g)) refs.add(m[1].replace(/^\//, ''));
  return [...refs];
}

/** Sizes per kind for the page in `dir` (its index.html plus what it references). */
export function shippedSizes(dir) {
  const html = readFileSync(path.join(dir, 'index.html'));
  const files = [{ name: 'index.html', kind: 'html', buf: html }];
  for (const name of referencedFiles(html.toString('utf8'))) {
    const ext = path.extname(name).slice(1);
    files.push({ name, kind: ext === 'mjs' ? 'js' : ext, buf: readFileSync(path.join(dir, name)) });
  }
  const byKind = Object.fromEntries(KINDS.map((k) => [k, { raw: 0, gzip: 0, brotli: 0, files: [] }]));
  for (const f of files) {
    const s = compressedSizes(f.buf);
    const k = byKind[f.kind];
    k.raw += s.raw; k.gzip += s.gzip; k.brotli += s.brotli; k.files.push(f.name);
  }
  const sum = (kinds) => ({
    raw: kinds.reduce((a, k) => a + byKind[k].raw, 0),
    gzip: kinds.reduce((a, k) => a + byKind[k].gzip, 0),
    brotli: kinds.reduce((a, k) => a + byKind[k].brotli, 0),
  });
  return { byKind, assets: sum(['wasm', 'js', 'css']), total: sum(KINDS) };
}
