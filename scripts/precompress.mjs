// Trunk post-build hook, run after csp.mjs (which rewrites index.html): writes
// `<file>.br` (brotli quality 11) and `<file>.gz` (gzip level 9) next to every
// .wasm, .js, .css and .html file of the staged dist, so the server sends them
// as they are instead of compressing on every request. A variant is written
// only when it is smaller than the original. Release builds only: a debug wasm
// is many megabytes, brotli 11 would take a minute on every `trunk serve`
// rebuild, and the server compresses on the fly when no variant exists.
//
// Also runnable by hand: `node scripts/precompress.mjs DIR`.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const COMPRESSIBLE = /\.(?:wasm|js|css|html)$/;

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('precompress.mjs runs as a trunk hook (TRUNK_STAGING_DIR is not set) or with a directory');
if (!process.argv[2] && process.env.TRUNK_PROFILE !== 'release') {
  console.log('precompress.mjs: debug build, nothing precompressed');
  process.exit(0);
}

/** Every file under `root` whose name ends in one of the compressible extensions. */
function compressibleFiles(root) {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

/** Writes `file + ext` when `packed` is smaller than `original`, else removes any stale one. */
function keepIfSmaller(file, ext, original, packed) {
  const target = file + ext;
  if (packed.length < original.length) {
    writeFileSync(target, packed);
    return packed.length;
  }
  rmSync(target, { force: true });
  return null;
}

async function precompress(file) {
  const original = readFileSync(file);
  const [br, gz] = await Promise.all([
    brotli(original, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: original.length,
        [zlib.constants.BROTLI_PARAM_MODE]: file.endsWith('.wasm')
          ? zlib.constants.BROTLI_MODE_GENERIC
          : zlib.constants.BROTLI_MODE_TEXT,
      },
    }),
    gzip(original, { level: zlib.constants.Z_BEST_COMPRESSION }),
  ]);
  return {
    file: path.relative(dir, file),
    raw: original.length,
    br: keepIfSmaller(file, '.br', original, br),
    gz: keepIfSmaller(file, '.gz', original, gz),
  };
}

const started = Date.now();
const results = await Promise.all(compressibleFiles(dir).map(precompress));
for (const r of results.sort((a, b) => b.raw - a.raw)) {
  console.log(`precompress.mjs: ${r.file}: ${r.raw} bytes, br ${r.br ?? 'not smaller'}, gz ${r.gz ?? 'not smaller'}`);
}
console.log(`precompress.mjs: ${results.length} file(s) in ${Date.now() - started} ms`);
