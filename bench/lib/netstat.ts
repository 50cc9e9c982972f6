// TCP counters of this network namespace: a listen queue overflow shows up in a join storm as
// latencies of 1 s or 3 s (the client's SYN retransmission timer), not as errors.
import { readFileSync } from 'node:fs';

const WATCHED = ['ListenOverflows', 'ListenDrops', 'TCPSynRetrans', 'TCPTimeouts'] as const;
export type TcpCounters = Record<(typeof WATCHED)[number], number>;

export function tcpCounters(): TcpCounters {
  const out = Object.fromEntries(WATCHED.map((k) => [k, 0])) as TcpCounters;
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const names = lines[i]!.split(/\s+/);
      const values = lines[i + 1]!.split(/\s+/);
      if (names[0] !== 'TcpExt:') continue;
      names.forEach((name, j) => {
        if ((WATCHED as readonly string[]).includes(name)) out[name as keyof TcpCounters] = Number(values[j]);
      });
    }
  } catch {
    // not Linux: no counters
  }
  return out;
}

export function tcpDelta(before: TcpCounters, after: TcpCounters): TcpCounters {
  return Object.fromEntries(WATCHED.map((k) => [k, after[k] - before[k]])) as TcpCounters;
}
