import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const GNU_TIME = '/usr/bin/time';

export interface ProcessRun {
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

/** Runs a command to its end; rejects with its stderr when it exits non-zero. */
export function runProcess(command: string, args: readonly string[]): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ stdout, stderr, ms });
      else reject(new Error(`${command} exited with ${code}: ${stderr}`));
    });
  });
}

/**
 * Wall time of a command and, through GNU time when it is installed, its
 * CPU time (user + system, including the children it waited for: both ends
 * of a shell pipeline). Other load on the machine inflates CPU time far
 * less than wall time. `cpuMs` is null without GNU time.
 */
export async function runWithCpuTime(
  command: string,
  args: readonly string[],
): Promise<{ ms: number; cpuMs: number | null }> {
  if (!existsSync(GNU_TIME)) {
    const { ms } = await runProcess(command, args);
    return { ms, cpuMs: null };
  }
  const { ms, stderr } = await runProcess(GNU_TIME, ['-f', 'cpu %U %S', command, ...args]);
  const match = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  return { ms, cpuMs: match ? (Number(match[1]) + Number(match[2])) * 1000 : null };
}
