// Child processes the benchmark runs: the dashboard's server and the stand-in upstream,
// all on 127.0.0.1, each stopped by its own pid when the benchmark ends.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const children = new Set();

/** Spawns `cmd` and resolves with the URL it prints (`listening on http://…`); `stderr()` gives
 * the last `stderrChars` characters it wrote there. */
export function startListening(cmd, args, { env = {}, timeoutMs = 20000, pattern = /listening on (http:\/\/127\.0\.0\.1:\d+)/, stderrChars = 4000 } = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err = (err + d).slice(-stderrChars); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start in ${timeoutMs} ms: ${err}`)), timeoutMs);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(pattern);
      if (m) {
        clearTimeout(timer);
        out = '';
        // Keep draining stdout so a chatty child never blocks on a full pipe.
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve({ url: m[1], pid: child.pid, stop: () => stop(child), stderr: () => err });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${cmd} exited ${code}: ${err}`)); });
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(kill); resolve(); });
    child.kill('SIGTERM');
  });
}

/** Stops every child still running (by its own pid). */
export async function stopAll() {
  await Promise.all([...children].map(stop));
}

/**
 * Bounds a whole benchmark script: after `minutes`, or on SIGINT/SIGTERM, says why, runs `stop`
 * (by default stopping every child) and exits, so no server or browser outlives the run.
 * Returns the deadline's timer, for a script that clears it once its children are stopped.
 */
export function bounded(name, minutes, stop = stopAll) {
  const deadline = setTimeout(async () => {
    console.error(`${name}: over ${minutes} minutes, giving up`);
    await stop();
    process.exit(2);
  }, minutes * 60 * 1000);
  deadline.unref();
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, async () => { console.error(`${name}: ${sig}, stopping`); await stop(); process.exit(130); });
  }
  return deadline;
}

/** Resident set size and its peak, in KiB, from /proc/PID/status. */
export function rss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1]);
  return { rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM') };
}
