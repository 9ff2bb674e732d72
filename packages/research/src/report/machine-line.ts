import { cpus, loadavg, totalmem } from 'node:os';

/** Date, CPU, cores, memory, load and node version: what a reader needs to weigh wall times. */
export function machineLine(date: Date): string {
  const cpu = cpus();
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  return `${date.toISOString()}, ${cpu[0]?.model ?? 'unknown CPU'} x ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${load} at the end, node ${process.version}`;
}
