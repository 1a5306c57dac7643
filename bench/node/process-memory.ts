import { readFileSync, readdirSync } from 'node:fs';

interface ProcessEntry {
  pid: number;
  ppid: number;
  cmdline: string;
}

function readProcesses(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name in parentheses may contain spaces: parse after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      entries.push({ pid: Number(name), ppid, cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return entries;
}

function kibibytes(file: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(file, 'utf8'));
  return match ? Number(match[1]) : 0;
}

export interface TreeMemory {
  processes: number;
  /** Sum of resident set sizes; counts shared pages once per process. */
  rssMiB: number;
  /** Sum of proportional set sizes: shared pages divided among the processes sharing them. */
  pssMiB: number;
}

/**
 * Memory of the Chromium started with `--user-data-dir=<marker>`: its browser
 * process and every descendant (renderers, GPU and utility processes).
 * Linux only; null elsewhere or when the process is not found.
 */
export function chromiumTreeMemory(userDataDir: string): TreeMemory | null {
  let processes: ProcessEntry[];
  try {
    processes = readProcesses();
  } catch {
    return null;
  }
  const roots = processes.filter(
    (p) => p.cmdline.includes(`--user-data-dir=${userDataDir}`) && !p.cmdline.includes('--type='),
  );
  if (roots.length === 0) return null;
  const tree = new Set(roots.map((p) => p.pid));
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of processes) {
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  let rss = 0;
  let pss = 0;
  for (const pid of tree) {
    try {
      rss += kibibytes(`/proc/${pid}/status`, 'VmRSS');
      pss += kibibytes(`/proc/${pid}/smaps_rollup`, 'Pss');
    } catch {
      // Gone meanwhile.
    }
  }
  return { processes: tree.size, rssMiB: rss / 1024, pssMiB: pss / 1024 };
}
