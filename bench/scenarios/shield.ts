// The cost of a raid shield over a big call, in this process: the server's own call room (the
// command pipeline, the real SQLite store in memory, the redacted views and the fan-out) with
// 5,000 people present on in-memory sockets that only count what they get (no network, no
// parsing: what is measured is the server's side). 4,000 were there before the raid; 1,000
// raiders arrived in the last minute, half of them wrote in the chat and raised a hand (on the
// public record, so the audience sees them go). Then one raise_shield ("the last 2 minutes").
// Baseline in the same run and the same room: taking the same 1,000 out one by one with `remove`,
// as a moderator had to before. Reported: the time of the command (decide, store, broadcast,
// effects), the frames and bytes sent, and the ratios shield / one by one.
import { DEFAULT_CALL_SETTINGS, initialState, type CallSettings, type Role } from '@caucus/shared';
import pino from 'pino';
import { performance } from 'node:perf_hooks';
import type { SessionPerson } from '../../server/src/calls/admission';
import { localCall } from '../../server/src/calls/local-owner';
import type { CallRoom } from '../../server/src/calls/call-room';
import type { FrameText, RoomSocket } from '../../server/src/calls/connection';
import { SocketSession } from '../../server/src/calls/socket-session';
import { openSqliteStore } from '../../server/src/store/sqlite-store';
import { FakeClock } from '../../server/src/testing/fake-clock';
import { round } from '../lib/stats';

export interface ShieldConfig {
  present: number;
  raiders: number;
}
export const SHIELD_PLAN: ShieldConfig = { present: 5_000, raiders: 1_000 };

export interface ShieldCost {
  ms: number;
  cpu_ms: number;
  frames: number;
  bytes: number;
  events: number;
}
export interface ShieldResult {
  present: number;
  raiders: number;
  shield: ShieldCost;
  one_by_one: ShieldCost;
  /** shield / one by one: below 1 is cheaper. */
  ratio_ms: number;
  ratio_frames: number;
}

/** A socket that counts; the bench's clients read instantly and parse nothing. */
class CountingSocket implements RoomSocket {
  frames = 0;
  bytes = 0;
  send(data: FrameText): void {
    this.frames += 1;
    this.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  }
  close(): void {}
  isOpen(): boolean {
    return true;
  }
  bufferedAmount(): number {
    return 0;
  }
}

/** A room with `present` people on counting sockets, `raiders` of them arrived a minute ago. */
function raidedRoom(cfg: ShieldConfig) {
  const clock = new FakeClock();
  const log = pino({ level: 'silent' });
  const store = openSqliteStore(':memory:');
  const callId = 'c_bench_shield';
  const settings: CallSettings = { ...DEFAULT_CALL_SETTINGS };
  store.createCall(
    { id: callId, title: 'Bench', settings, createdAt: clock.now(), endedAt: null, schedule: { public: false, startsAt: null, timeZone: null, durationMin: null, description: '', speakers: [] }, publicInvite: null },
    [],
  );
  const access = { url: 'ws://livekit.invalid', token: 'token' };
  const tokenFor = (): PromiseLike<typeof access> => ({ then: (ok) => (ok ? ok(access) : access) as never });
  // The join-rate alert would fire on these arrivals; the bench measures the moderator's shield.
  const spikeRule = { windowMs: 30_000, historyMs: 600_000, minArrivals: 1e9, factor: 1e9, cooldownMs: 0, runGapMs: 0 };
  const { room } = localCall(callId, initialState(callId, settings), 0, { store, log, clock, tokenFor, spikeRule });
  const sessions = new Map<string, SessionPerson>();
  const sockets: CountingSocket[] = [];
  const enter = (i: number, role: Role) => {
    const identity = `p_${i.toString(36)}`;
    sessions.set(identity, { identity, name: `Person ${i}`, role, device: `d${i}`, ipHash: `h${i % 97}` });
    const socket = new CountingSocket();
    const session = new SocketSession(socket, {
      clock,
      log,
      authenticate: (token) => {
        const person = sessions.get(token);
        return person ? { ok: true, person } : { ok: false, message: 'unknown' };
      },
      room: () => room,
    });
    session.handleMessage(JSON.stringify({ type: 'hello', protocol: 5, sessionToken: identity }));
    sockets.push(socket);
    return { identity, session };
  };
  const host = enter(0, 'host');
  const before = Array.from({ length: cfg.present - cfg.raiders - 1 }, (_, i) => enter(i + 1, 'participant'));
  clock.advance(10 * 60_000);
  const raiders = Array.from({ length: cfg.raiders }, (_, i) => enter(cfg.present + i, 'participant'));
  raiders.forEach((r, i) => {
    if (i % 2 !== 0) return;
    r.session.handleMessage(JSON.stringify({ type: 'chat_send', text: `raid ${i}` }));
    r.session.handleMessage(JSON.stringify({ type: 'raise_hand' }));
  });
  clock.advance(60_000);
  if (before.length + raiders.length + 1 !== room.state.members.presentCount()) throw new Error('shield bench: not everyone is present');
  return { room, host, raiders, sockets };
}

function measure(sockets: CountingSocket[], room: CallRoom, run: () => void): ShieldCost {
  const frames0 = sockets.reduce((n, s) => n + s.frames, 0);
  const bytes0 = sockets.reduce((n, s) => n + s.bytes, 0);
  const seq0 = room.seq;
  const cpu = process.cpuUsage();
  const t = performance.now();
  run();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return {
    ms: round(ms, 1),
    cpu_ms: round((used.user + used.system) / 1000, 1),
    frames: sockets.reduce((n, s) => n + s.frames, 0) - frames0,
    bytes: sockets.reduce((n, s) => n + s.bytes, 0) - bytes0,
    events: room.seq - seq0,
  };
}

export function runShield(cfg: ShieldConfig, log: (line: string) => void): ShieldResult {
  const a = raidedRoom(cfg);
  const shield = measure(a.sockets, a.room, () => a.host.session.handleMessage(JSON.stringify({ type: 'raise_shield', window: '2m', ref: 's' })));
  const held = a.raiders.filter((r) => a.room.state.lobby.get(r.identity)?.status === 'waiting').length;
  if (held !== cfg.raiders) throw new Error(`shield bench: ${held} of ${cfg.raiders} raiders in the lobby`);
  log(`shield over ${cfg.present} present: ${cfg.raiders} moved in ${shield.ms} ms (${shield.cpu_ms} ms CPU), ${shield.frames} frames, ${shield.bytes} bytes`);

  const b = raidedRoom(cfg);
  // The host's socket takes 20 frames a second: the one-by-one baseline is timed as the server's
  // work for the same 1,000 commands, issued straight to the room.
  const one_by_one = measure(b.sockets, b.room, () => {
    for (const r of b.raiders) b.room.execute({ type: 'remove', participant: r.identity }, b.host.identity);
  });
  const removed = b.raiders.filter((r) => b.room.state.members.get(r.identity)?.status === 'removed').length;
  if (removed !== cfg.raiders) throw new Error(`shield bench: ${removed} of ${cfg.raiders} removed one by one`);
  log(`one by one: ${cfg.raiders} removes in ${one_by_one.ms} ms (${one_by_one.cpu_ms} ms CPU), ${one_by_one.frames} frames, ${one_by_one.bytes} bytes`);
  return {
    present: cfg.present,
    raiders: cfg.raiders,
    shield,
    one_by_one,
    ratio_ms: round(shield.ms / one_by_one.ms, 3),
    ratio_frames: round(shield.frames / one_by_one.frames, 3),
  };
}
