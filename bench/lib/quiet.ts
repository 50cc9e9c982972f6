// These machines are shared: other people's test runs land in the middle of a measurement. Before
// each measured step the harness waits (bounded) until the whole machine is nearly idle, and
// records how busy it was, so a noisy figure can be recognised as such.
import { readFileSync } from 'node:fs';
import { sleep } from './stats';

function cpuTimes(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!; // "cpu  user nice system idle iowait irq softirq steal ..."
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Fraction of all cores busy over `ms` (0..1). */
export async function machineBusy(ms = 1000): Promise<number> {
  const a = cpuTimes();
  await sleep(ms);
  const b = cpuTimes();
  return b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
}

/** Waits until the machine is below `threshold` busy (default 10% of all cores), at most `maxMs`. */
export async function waitQuiet(log: (line: string) => void, maxMs = 180_000, threshold = 0.1): Promise<number> {
  const deadline = Date.now() + maxMs;
  let busy = await machineBusy();
  let told = false;
  while (busy > threshold && Date.now() < deadline) {
    if (!told) log(`machine busy (${Math.round(busy * 100)}% of all cores, not us): waiting up to ${Math.round(maxMs / 1000)} s for quiet`);
    told = true;
    await sleep(2000);
    busy = await machineBusy();
  }
  if (busy > threshold) log(`still ${Math.round(busy * 100)}% busy: measuring anyway (recorded)`);
  return busy;
}
