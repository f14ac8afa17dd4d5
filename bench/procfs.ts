import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A process's own CPU time and memory, read from /proc (Linux). */

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (`getconf CLK_TCK`, almost always 100). */
export function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/** User + system CPU time from the text of /proc/<pid>/stat, in clock ticks. */
export function cpuTicksFromStat(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 (utime) and 15 (stime) of proc(5); fields[0] here is field 3.
  return Number(fields[11]) + Number(fields[12]);
}

/** The process's CPU time so far (user + system), in ms. */
export function cpuMs(pid: number): number {
  return (cpuTicksFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8')) * 1000) / clockTicksPerSecond();
}

/** VmRSS from the text of /proc/<pid>/status, in MB (10^6 bytes). */
export function rssMbFromStatus(status: string): number {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kb === undefined ? 0 : (Number(kb) * 1024) / 1e6;
}

export function rssMb(pid: number): number {
  return rssMbFromStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

/**
 * Waits until the process has used less than `thresholdPercent` of a core over `windowMs` (at most
 * `maxMs`). A closed-loop run that ends leaves its last requests running in the gateway (the
 * client went away, the work goes on): the next measurement must not pay for them.
 */
export async function waitForIdle(pid: number, options: { windowMs?: number; thresholdPercent?: number; maxMs?: number } = {}): Promise<boolean> {
  const windowMs = options.windowMs ?? 500;
  const threshold = ((options.thresholdPercent ?? 5) / 100) * windowMs;
  const deadline = Date.now() + (options.maxMs ?? 60_000);
  while (Date.now() < deadline) {
    const before = cpuMs(pid);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    if (cpuMs(pid) - before <= threshold) return true;
  }
  return false;
}
