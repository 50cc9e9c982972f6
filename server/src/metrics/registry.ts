// Every Prometheus instrument of the server, in ONE registry (served at GET /metrics by
// plugins/metrics.ts). The names are a contract with dashboards and alerts (docs/SCALING.md): rename
// nothing. No label carries a call id, identity or address: cardinality stays flat in the number of
// calls and people, and nothing personal leaves through a scrape.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const metrics = new Registry();
// Process CPU, memory, event-loop lag, GC, handles: what says a gateway is saturated.
collectDefaultMetrics({ register: metrics });

/** What the gauges below read at scrape time (one per app in this process; tests build several). */
export interface CallCounts {
  calls: number;
  sockets: number;
}
const callSources = new Set<() => CallCounts>();

/** Adds an app's call registry to what the gauges count; the returned function removes it. */
export function countCallsOf(source: () => CallCounts): () => void {
  callSources.add(source);
  return () => callSources.delete(source);
}

function sum(field: keyof CallCounts): number {
  let total = 0;
  for (const source of callSources) total += source()[field];
  return total;
}

export const callsOpen = new Gauge({
  name: 'caucus_calls_open',
  help: 'Calls loaded on this instance that have not ended.',
  registers: [metrics],
  collect() {
    this.set(sum('calls'));
  },
});

export const socketsOpen = new Gauge({
  name: 'caucus_sockets',
  help: 'Moderation websockets open on this instance.',
  registers: [metrics],
  collect() {
    this.set(sum('sockets'));
  },
});

export const eventsAppended = new Counter({
  name: 'caucus_events_total',
  help: 'Events appended to call event logs by this instance (rate() gives events per second).',
  registers: [metrics],
});

export const fanoutSeconds = new Histogram({
  name: 'caucus_fanout_seconds',
  help: "From a command's websocket frame arriving to the last socket write of its broadcast.",
  // A few sockets take well under a millisecond; a national call's fan-out is tens of ms.
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metrics],
});

export const ownerLeases = new Gauge({
  name: 'caucus_owner_leases',
  help: 'Calls whose owner lease this instance holds.',
  registers: [metrics],
});

export const ownerChanges = new Counter({
  name: 'caucus_owner_changes_total',
  help: 'Owner leases this instance took over (a fresh call, or a failover).',
  registers: [metrics],
});

export const busLagSeconds = new Histogram({
  name: 'caucus_bus_lag_seconds',
  help: "From an event's append on the owner to its fold on this gateway.",
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metrics],
});

export const busErrors = new Counter({
  name: 'caucus_bus_errors_total',
  help: 'Failed reads, writes or forwards on the cluster bus (Redis).',
  registers: [metrics],
});

export const livekitAdminSeconds = new Histogram({
  name: 'caucus_livekit_admin_seconds',
  help: "Duration of LiveKit admin API calls (RoomService), failed ones included, by method.",
  labelNames: ['method'] as const,
  // The client gives up after 5 s (requestTimeout in plugins/livekit.ts).
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metrics],
});

export const livekitAdminErrors = new Counter({
  name: 'caucus_livekit_admin_errors_total',
  help: 'LiveKit admin API calls that failed (refused, timed out, unreachable), by method.',
  labelNames: ['method'] as const,
  registers: [metrics],
});
