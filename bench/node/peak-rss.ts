import { readFileSync } from 'node:fs';

/**
 * The process's peak resident set size in KiB: Linux's VmHWM, the high-water
 * mark of its own memory (all its threads share it), which `clear_refs` 5
 * resets. Not `process.resourceUsage().maxRSS`: getrusage also reports the
 * peak of the memory image exec replaced, i.e. of the bench process that
 * spawned the child (a 42 MiB child of a 446 MiB parent reports 403 MiB), and
 * no reset touches that. Elsewhere, maxRSS is all there is.
 */
export function peakRssKiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match?.[1]) return Number(match[1]);
  } catch {
    // Not Linux.
  }
  return process.resourceUsage().maxRSS;
}
