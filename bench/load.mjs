// A bounded HTTP load generator for 127.0.0.1 only: sends exactly TOTAL GET requests to URL
// with CONCURRENCY keep-alive connections, then prints one JSON line of figures and exits.
// Usage: node bench/load.mjs URL TOTAL CONCURRENCY [WARMUP]
import http from 'node:http';

const [url, totalArg, concArg, warmArg] = process.argv.slice(2);
const target = new URL(url);
if (target.hostname !== '127.0.0.1') throw new Error('load.mjs only talks to 127.0.0.1');
const total = Number(totalArg);
const concurrency = Number(concArg);
const warmup = Number(warmArg ?? Math.min(500, total));
if (!(total > 0 && total <= 1e6 && concurrency > 0 && concurrency <= 256)) throw new Error('bad TOTAL or CONCURRENCY');

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const REQUEST_TIMEOUT_MS = 10000;

function once() {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const req = http.get(target, { agent, headers: { accept: 'application/json' } }, (res) => {
      let bytes = 0;
      res.on('data', (c) => { bytes += c.length; });
      res.on('end', () => resolve({ ok: res.statusCode === 200, ms: Number(process.hrtime.bigint() - start) / 1e6, bytes }));
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ ok: false, ms: Number(process.hrtime.bigint() - start) / 1e6, bytes: 0 }));
  });
}

async function run(n) {
  const lat = new Float64Array(n);
  let next = 0;
  let errors = 0;
  let bytes = 0;
  const started = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n) {
      const i = next++;
      const r = await once();
      lat[i] = r.ms;
      bytes += r.bytes;
      if (!r.ok) errors++;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const sorted = Array.from(lat).sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { requests: n, errors, seconds, rps: n / seconds, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: sorted[sorted.length - 1], bytesPerResponse: bytes / n, cpuUsPerRequest: (cpu.user + cpu.system) / n };
}

if (warmup > 0) await run(warmup);
const result = await run(total);
agent.destroy();
console.log(JSON.stringify({ url: target.pathname, concurrency, ...result }));
