// Starts the dashboard's server (demo data, test faults on) on a free port.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The server binary the tests run: `SERVER_BIN`, else the debug build. */
export const serverBin = process.env.SERVER_BIN ?? path.join(root, 'target', 'debug', 'server');

/**
 * Starts `server`; resolves once it prints the address it listens on.
 * `builtIn: true` runs `bin` from `cwd` as deployed: the app built into the
 * binary (no --dist) and no test faults. The demo is frozen at the start
 * (`--now` the current instant) unless `live: true` or the caller's own
 * `--now`.
 */
export async function startServer(extraArgs = [], { bin = serverBin, cwd, builtIn = false, live = false } = {}) {
  const dist = process.env.DIST_DIR ?? path.join(root, 'dist');
  const testArgs = builtIn ? [] : ['--dist', dist, '--test-faults'];
  // The demo moves with the clock unless `--now` freezes it; tests get the
  // world as of their start, fixed, unless they ask for it `live` or pass
  // their own `--now`.
  const frozen = live || extraArgs.includes('--now') ? [] : ['--now', new Date().toISOString()];
  const child = spawn(bin, ['--listen', '127.0.0.1:0', ...testArgs, ...(extraArgs.includes('--upstream') ? [] : ['--demo', ...frozen]), ...extraArgs], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: 'warn' },
    // Demo data unless a test asks for an upstream: a key in the caller's
    // environment must not turn browser tests into calls to LlamaCloud.
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.:]+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const api = async (method, p, body) => {
    const r = await fetch(url + p, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status}`);
    return r.status === 204 ? null : r.json();
  };
  return {
    url,
    /** Queues a fault (see server/src/faults.rs) for the next matching /api/ requests. */
    fault: (f) => api('POST', '/__test/faults', f),
    clearFaults: () => api('DELETE', '/__test/faults'),
    /** The /api/ requests the server has seen, in order. */
    requests: () => api('GET', '/__test/requests'),
    clearRequests: () => api('DELETE', '/__test/requests'),
    /** What the API answers for a path, fetched directly (not through the page). */
    get: async (p) => (await fetch(url + p)).json(),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}
