import { readdirSync, readFileSync } from 'node:fs';
import { clockTicksPerSecond, cpuTicksFromStat, rssMbFromStatus } from './procfs.js';

/**
 * A process and every process below it (a cluster's primary and its workers), from
 * /proc/<pid>/task/<tid>/children (Linux). Processes that exit between reads are skipped.
 */
export function processFamily(pid: number): number[] {
  const family = [pid];
  for (let i = 0; i < family.length; i++) {
    const parent = family[i]!;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      continue; // exited meanwhile
    }
    for (const tid of tasks) {
      try {
        for (const child of readFileSync(`/proc/${parent}/task/${tid}/children`, 'utf8').trim().split(/\s+/)) if (child) family.push(Number(child));
      } catch {
        // The task ended meanwhile.
      }
    }
  }
  return family;
}

function sumOver(pid: number, read: (pid: number) => number): number {
  let total = 0;
  for (const member of processFamily(pid)) {
    try {
      total += read(member);
    } catch {
      // Exited between listing and reading.
    }
  }
  return total;
}

/** CPU time (user + system, ms) of the process and its descendants, summed. */
export function familyCpuMs(pid: number): number {
  return sumOver(pid, (p) => (cpuTicksFromStat(readFileSync(`/proc/${p}/stat`, 'utf8')) * 1000) / clockTicksPerSecond());
}

/** Resident memory (MB, 10^6 bytes) of the process and its descendants, summed. */
export function familyRssMb(pid: number): number {
  return sumOver(pid, (p) => rssMbFromStatus(readFileSync(`/proc/${p}/status`, 'utf8')));
}
