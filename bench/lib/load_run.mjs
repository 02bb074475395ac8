// Runs bench/load.mjs (the bounded 127.0.0.1 load generator) in its own process, so its CPU
// is its own and not the bench's, and resolves with the one JSON line of figures it prints.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const loadScript = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'load.mjs');

/** TOTAL GET requests to URL over CONCURRENCY keep-alive connections, after WARMUP ones. */
export function loadRun(url, total, concurrency, warmup) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [loadScript, url, String(total), String(concurrency), String(warmup)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`load generator over 5 min: ${url}`)); }, 5 * 60 * 1000);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`load.mjs exited ${code}: ${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()));
    });
  });
}
