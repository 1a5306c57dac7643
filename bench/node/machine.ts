import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, getPriority, loadavg, totalmem, release, type } from 'node:os';

export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverageAtStart: number;
  /** The bench's scheduling priority (`nice`), inherited by every process it starts, ours and the references alike. */
  niceness: number;
}

/** For the machine line: says when the run was given a priority other than the default. */
export function nicenessNote(machine: Pick<MachineInfo, 'niceness'>): string {
  if (!machine.niceness) return '';
  return ` The whole run, our code and the reference tools alike, ran at niceness ${machine.niceness} (\`nice -n ${machine.niceness}\`), so that other work on the machine took less of its CPU time.`;
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) return match[1].trim();
  } catch {
    // Not Linux: fall through to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown';
}

function chromiumVersion(executable: string): string {
  try {
    const output = execFileSync(executable, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return output.trim();
  } catch {
    return 'unknown';
  }
}

/** The machine as `nproc`, /proc/cpuinfo and /proc/meminfo describe it. */
export function describeMachine(chromiumExecutable: string): MachineInfo {
  let processors = cpus().length;
  try {
    processors = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || processors;
  } catch {
    // nproc missing: os.cpus() is close enough.
  }
  return {
    date: new Date().toISOString(),
    cpus: processors,
    cpuModel: cpuModel(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    chromium: chromiumVersion(chromiumExecutable),
    loadAverageAtStart: loadavg()[0] ?? 0,
    niceness: getPriority(),
  };
}
