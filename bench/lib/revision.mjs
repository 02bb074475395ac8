// What was measured: every figure a benchmark script writes names the commit it ran on, so a
// section of bench/RESULTS.md can be traced to its source even when sections come from
// different runs.
import { execFileSync } from 'node:child_process';

/** A command's trimmed output, or '' when it fails (a missing tool never stops a benchmark). */
export function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** The short commit of `root` and how many tracked files differ from it. */
export function revision(root) {
  return {
    commit: sh('git', ['-C', root, 'rev-parse', '--short', 'HEAD']) || 'unknown',
    dirtyFiles: sh('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no']).split('\n').filter(Boolean).length,
  };
}
