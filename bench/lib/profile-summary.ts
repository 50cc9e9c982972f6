// Reads a V8 CPU profile (node --cpu-prof) and says where the time went within a window: the
// measured part of a scenario, not the arrivals before it. V8 stamps samples with the monotonic
// clock that process.hrtime() reads, so another process can name the window (in microseconds).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  window_ms: number;
  /** Time the thread was running JavaScript, GC or native code (not idle). */
  busy_ms: number;
  /** Self time by where the code lives (ws, sqlite, core, shell, gc, node, other). */
  by_area_ms: Record<string, number>;
  /** The functions with the most self time: "name (file:line)" and milliseconds. */
  top: { fn: string; ms: number }[];
  /** The functions of the project (server, core, bench) with the most time including their callees. */
  top_inclusive: { fn: string; ms: number }[];
}

/** Monotonic microseconds, the clock of CPU profiles. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

function areaOf(frame: ProfileNode['callFrame']): string {
  const { functionName: fn, url } = frame;
  if (fn === '(idle)') return 'idle';
  if (fn === '(garbage collector)') return 'gc';
  if (fn === '(program)' || fn === '(root)') return 'native';
  if (url.includes('/node_modules/ws/')) return 'ws';
  if (url.includes('better-sqlite3') || url.includes('/server/src/store/')) return 'sqlite';
  if (url.includes('/shared/src/') || url.includes('/node_modules/immutable/')) return 'core';
  if (url.includes('/server/src/')) return 'shell';
  if (url.includes('/bench/')) return 'bench';
  if (url.includes('/node_modules/')) return 'libraries';
  if (url.startsWith('node:') || url === '') return 'node';
  return 'other';
}

const round = (x: number) => Math.round(x * 10) / 10;

function nameOf(frame: ProfileNode['callFrame']): string {
  const file = frame.url.replace(/^.*\/(node_modules\/|server\/src\/|shared\/src\/|bench\/)/, '$1');
  // tsx compiles each TypeScript file to one line: a line number there says nothing.
  const line = frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'}${file ? ` (${file}${line})` : ''}`;
}

const ranked = (times: Map<string, number>, count: number) =>
  [...times].sort((a, b) => b[1] - a[1]).slice(0, count).map(([fn, us]) => ({ fn, ms: round(us / 1000) }));

export function summarizeProfile(file: string, window: { startUs: number; endUs: number }, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  // A sample's time is the delta to the next sample; the last one has none.
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (t < window.startUs || t > window.endUs) continue;
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + dt);
  }
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byArea: Record<string, number> = {};
  const byFn = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = nodes.get(id)!.callFrame;
    const area = areaOf(frame);
    byArea[area] = (byArea[area] ?? 0) + us;
    if (area === 'idle') continue;
    byFn.set(nameOf(frame), (byFn.get(nameOf(frame)) ?? 0) + us);
    // Every project function on the stack, once each (recursion counts once).
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = nodes.get(at)!.callFrame;
      if (!['core', 'shell', 'sqlite', 'bench'].includes(areaOf(f))) continue;
      const name = nameOf(f);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  const idle = byArea.idle ?? 0;
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return {
    window_ms: round((window.endUs - window.startUs) / 1000),
    busy_ms: round((total - idle) / 1000),
    by_area_ms: Object.fromEntries(Object.entries(byArea).sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, round(us / 1000)])),
    top: ranked(byFn, top),
    top_inclusive: ranked(inclusive, top),
  };
}
