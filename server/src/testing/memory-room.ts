// A call room in memory for unit tests: the real SQLite store (in memory), a fake clock, no
// LiveKit (enforcement is tested against the real LiveKit in server/test), and in-memory sockets.
import { DEFAULT_CALL_SETTINGS, initialState, type CallSettings, type Role } from '@caucus/shared';
import pino from 'pino';
import { localCall } from '../calls/local-owner';
import { FanoutTimings } from '../calls/fanout-timings';
import type { SessionPerson } from '../calls/admission';
import { openSqliteStore } from '../store/sqlite-store';
import { FakeClock } from './fake-clock';
import { MemoryClient } from './socket-pair';

export interface Person {
  identity: string;
  sessionToken: string;
}

export function memoryRoom(settings: Partial<CallSettings> = {}, options: { log?: pino.Logger } = {}) {
  const clock = new FakeClock();
  const log = options.log ?? pino({ level: 'silent' });
  const store = openSqliteStore(':memory:');
  const callId = 'c_memory';
  const full: CallSettings = { ...DEFAULT_CALL_SETTINGS, ...settings };
  store.createCall(
    { id: callId, title: 'In memory', settings: full, createdAt: clock.now(), endedAt: null, schedule: { public: false, startsAt: null, timeZone: null, durationMin: null, description: '', speakers: [] }, publicInvite: null },
    [],
  );
  const timings = new FanoutTimings();
  // Resolves synchronously (a thenable, not a Promise), so a hello's `admitted` and snapshot are
  // there as soon as the hello returns and tests read frames without awaiting.
  const access = { url: 'ws://livekit.invalid', token: 'token' };
  const isPresent = (identity: string): boolean => room.isPresent(identity);
  const tokenFor = (identity: string): PromiseLike<typeof access | null> => {
    const value = isPresent(identity) ? access : null;
    return { then: (ok) => (ok ? ok(value) : value) as never };
  };
  // The embedded wiring (calls/registry.ts): the gateway and the owner's core in one process.
  const { room, core } = localCall(callId, initialState(callId, full), 0, { store, log, clock, timings, tokenFor });
  const sessions = new Map<string, SessionPerson>();
  let count = 0;

  /** An HTTP join: a session token; the person enters the call at their first hello. */
  const join = (role: Role, name = `${role} ${count + 1}`, membership: Pick<SessionPerson, 'org' | 'registered'> = {}): Person => {
    count += 1;
    const identity = `p_${count}`;
    const sessionToken = `session-${count}`;
    sessions.set(sessionToken, { identity, name, role, device: null, ipHash: null, ...membership });
    return { identity, sessionToken };
  };

  /** A socket for this person, hello said (with lastSeq to resume). */
  const connect = (person: Person, lastSeq?: number): MemoryClient =>
    socket().hello(person.sessionToken, lastSeq);

  /** A socket that has not said hello yet. */
  const socket = (): MemoryClient =>
    new MemoryClient({
      clock,
      log,
      authenticate: (token) => {
        const person = sessions.get(token);
        return person ? { ok: true, person } : { ok: false, message: 'Unknown session for this call; join again' };
      },
      room: () => room,
    });

  return { room, core, store, clock, timings, join, connect, socket };
}
