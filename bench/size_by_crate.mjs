// Groups `twiggy top --format csv` rows by the crate that owns each item, to see where a
// wasm's bytes go. Usage: twiggy top -n 100000 --format csv app.wasm | node bench/size_by_crate.mjs
// Attribution is a heuristic: the first `crate::` path in the (demangled) name; generic code
// instantiated for the app counts for the crate that defines the generic function.
import { readFileSync } from 'node:fs';

const csv = readFileSync(0, 'utf8').trim().split('\n').slice(1);
const sums = new Map();
let total = 0;
for (const line of csv) {
  const m = line.match(/^(.*),(\d+),[\d.]+,[\d.]*,[\d.]*$/);
  if (!m) continue;
  const [, rawName, size] = m;
  const name = rawName.replace(/^"|"$/g, '').replace(/""/g, '"');
  const bytes = Number(size);
  total += bytes;
  let key;
  if (/^(data segment|custom section|"?function names|type\[|elem\[|table\[|import |export |global\[|memory\[|code section|wasm magic|header)/.test(name) || !name.includes('::')) {
    key = name.startsWith('data segment') ? 'data (strings, tables)' : name.includes('function names') ? '(function names: debug only)' : name.startsWith('"') || name.startsWith('custom') ? name : `(other: ${name.split(/[\[ ]/)[0]})`;
  } else {
    // First path-looking identifier; `<impl X for Y>` counts for the implementing crate.
    const m2 = name.replace(/^[<&*(\s]*(mut |dyn |const )?/, '').match(/([a-z_][a-z0-9_]*)(\[[0-9a-f]+\])?::/);
    key = m2 ? m2[1] : '(unknown)';
  }
  sums.set(key, (sums.get(key) ?? 0) + bytes);
}
const rows = [...sums].sort((a, b) => b[1] - a[1]);
const debug = sums.get('(function names: debug only)') ?? 0;
console.log(`total ${total} bytes, ${total - debug} without the name section`);
for (const [k, v] of rows.slice(0, Number(process.argv[2] ?? 30))) {
  console.log(`${String(v).padStart(8)}  ${(100 * v / (total - debug)).toFixed(1).padStart(5)}%  ${k}`);
}
