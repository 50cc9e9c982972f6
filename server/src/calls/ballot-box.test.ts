// Secret ballots through the real shell (real SQLite store in memory, in-memory sockets, a fake
// clock): one ballot per voter, the tally equal to the ballots, results sealed until the close,
// and no link between a voter and a choice in anything the server keeps, logs or sends. The
// strongest check is the swap: two runs in which voters of one batch trade their choices (or vote
// in another order) must leave byte-identical event logs, snapshots, logs and frames to everyone.
import { checkSecretBallot, fold, initialState, type ServerFrame } from '@caucus/shared';
import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { memoryRoom, type Person } from '../testing/memory-room';
import type { MemoryClient } from '../testing/socket-pair';
import { BATCH_MAX, BATCH_MIN, SEAL_EVERY_MS } from './ballot-box';
import { TALLIES_EVERY_MS } from './tallies';

const YES = 0;
const NO = 1;
const ABSTAIN = 2;

function secretVoteRoom(voterCount: number, open: Record<string, unknown> = {}) {
  const lines: string[] = [];
  const log = pino({ level: 'trace' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  const room = memoryRoom({}, { log });
  const host = room.join('host', 'Host');
  const hostSocket = room.connect(host);
  const voters: Array<{ person: Person; socket: MemoryClient }> = [];
  for (let i = 0; i < voterCount; i++) {
    const person = room.join('participant', `Voter ${i}`);
    voters.push({ person, socket: room.connect(person) });
  }
  hostSocket.command({ type: 'open_vote', title: 'Adopt the platform', kind: 'yes_no', roll: 'present', secret: true, threshold: 'majority_cast', ...open });
  const voteId = room.room.state.votes.at(-1)!.id;
  return { ...room, host, hostSocket, voters, voteId, lines };
}

/** Everything observable after the vote opened, with its random id made constant. */
function observed(r: ReturnType<typeof secretVoteRoom>) {
  const norm = (x: unknown) => JSON.stringify(x).replaceAll(r.voteId, 'VOTE');
  return {
    events: norm(r.store.readEvents(r.room.callId, 0)),
    state: norm(r.room.state),
    snapshot: norm(r.store.loadSnapshot(r.room.callId)),
    frames: norm([r.hostSocket.frames, ...r.voters.map((v) => v.socket.frames)]),
    logs: norm(r.lines.map((l) => JSON.parse(l) as { msg: string }).map(({ msg }) => msg)),
  };
}

function cast(r: ReturnType<typeof secretVoteRoom>, order: number[], choices: number[]) {
  for (const i of order) r.voters[i]!.socket.command({ type: 'cast_ballot', voteId: r.voteId, choices: [choices[i]!] });
}

describe('secret ballots', () => {
  test('swapping two voters’ choices, or the order they voted in, changes nothing anyone can see or read', () => {
    const runs = [
      { order: [0, 1, 2, 3, 4, 5], choices: [YES, NO, YES, ABSTAIN, YES, NO] },
      { order: [0, 1, 2, 3, 4, 5], choices: [NO, YES, YES, ABSTAIN, YES, NO] }, // 0 and 1 traded
      { order: [5, 3, 1, 4, 2, 0], choices: [YES, NO, YES, ABSTAIN, YES, NO] }, // another order
    ].map(({ order, choices }) => {
      const r = secretVoteRoom(6);
      cast(r, order, choices);
      r.clock.advance(SEAL_EVERY_MS);
      r.core.snapshot();
      r.hostSocket.command({ type: 'close_vote', voteId: r.voteId });
      r.clock.advance(TALLIES_EVERY_MS);
      return observed(r);
    });
    expect(runs[0]!.snapshot).toContain('"sealed":[3,2,1]'); // the stored snapshot holds the aggregate, nothing per voter
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    // And the result is the one the ballots give.
    expect(runs[0]!.events).toContain('"tally":[3,2,1]');
  });

  test('a ballot waits in the box until a batch is big enough, then all its voters hear at once, with no seq', () => {
    const r = secretVoteRoom(BATCH_MIN + 3);
    cast(r, [0, 1, 2], [YES, NO, YES]);
    r.clock.advance(SEAL_EVERY_MS * 3);
    // Three is below BATCH_MIN: nothing stored, nobody told.
    expect(r.store.readEvents(r.room.callId, 0).filter((e) => e.event.type === 'ballots_sealed')).toEqual([]);
    expect(r.voters[0]!.socket.ofType('ballot_sealed')).toEqual([]);
    cast(r, [3, 4], [YES, NO, YES, NO, NO]);
    r.clock.advance(SEAL_EVERY_MS);
    const batches = r.store.readEvents(r.room.callId, 0).flatMap((e) => (e.event.type === 'ballots_sealed' ? [e.event] : []));
    expect(batches).toHaveLength(1);
    expect(batches[0]!.marks.map((m) => m.participant)).toEqual(r.voters.slice(0, 5).map((v) => v.person.identity).sort());
    for (const v of r.voters.slice(0, 5)) {
      const sealed = v.socket.ofType('ballot_sealed');
      expect(sealed).toHaveLength(1);
      expect(sealed[0]).not.toHaveProperty('seq');
      expect(v.socket.ofType('ack')).toEqual([]);
    }
  });

  test('one ballot per voter: a second one is refused while it waits and after it is sealed', () => {
    const r = secretVoteRoom(BATCH_MIN);
    const first = r.voters[0]!.socket;
    cast(r, [0], [YES]);
    const again = first.command({ type: 'cast_ballot', voteId: r.voteId, choices: [NO] });
    expect(first.last('error')).toMatchObject({ code: 'already_voted', ref: again });
    cast(r, [1, 2, 3, 4], [YES, NO, NO, NO, NO]);
    const late = first.command({ type: 'cast_ballot', voteId: r.voteId, choices: [NO] });
    expect(first.last('error')).toMatchObject({ code: 'already_voted', ref: late });
    r.hostSocket.command({ type: 'close_vote', voteId: r.voteId });
    const closed = r.hostSocket.ofType('event').find((e) => e.event.type === 'vote_closed')!.event;
    expect(closed).toMatchObject({ result: { tally: [1, 4, 0], ballots: 5, outcome: 'rejected' } });
  });

  test('sealed until the close for every role: no frame carries a tally or a choice before it', () => {
    const r = secretVoteRoom(BATCH_MAX + 2);
    cast(r, r.voters.map((_, i) => i), r.voters.map((_, i) => i % 3));
    r.clock.advance(TALLIES_EVERY_MS);
    const everyone = [r.hostSocket, ...r.voters.map((v) => v.socket)];
    const before = everyone.flatMap((s) => s.frames);
    for (const f of before) expect(JSON.stringify(f)).not.toMatch(/"(tally|choices|sealed)":\[/);
    // The running count does go out (throttled): how many voted, never how.
    expect(r.voters[0]!.socket.last('tallies')!.votes).toEqual([{ id: r.voteId, ballots: BATCH_MAX, rollSize: BATCH_MAX + 3 }]);
    r.hostSocket.command({ type: 'close_vote', voteId: r.voteId });
    for (const s of everyone) expect(s.ofType('event').find((e) => e.event.type === 'vote_closed')!.event).toMatchObject({ result: { ballots: BATCH_MAX + 2 } });
  });

  test('300 ballots in two seconds cost a participant one frame (the throttled count), not one per ballot', () => {
    const r = secretVoteRoom(300);
    r.clock.advance(TALLIES_EVERY_MS); // the arrivals' head count goes out first
    const watcher = r.voters[0]!.socket;
    const before = watcher.frames.length;
    cast(r, r.voters.map((_, i) => i).slice(1), r.voters.map((_, i) => i % 3));
    r.clock.advance(TALLIES_EVERY_MS * 2);
    const got: ServerFrame[] = watcher.frames.slice(before);
    expect(got.map((f) => f.type)).toEqual(['tallies']);
  });

  test('a refused close_vote (a participant trying it) does not flush a small batch', () => {
    const r = secretVoteRoom(BATCH_MIN + 2);
    cast(r, [0], [YES]);
    r.voters[1]!.socket.command({ type: 'close_vote', voteId: r.voteId });
    expect(r.voters[1]!.socket.last('error')).toMatchObject({ code: 'forbidden' });
    expect(r.store.readEvents(r.room.callId, 0).filter((e) => e.event.type === 'ballots_sealed')).toEqual([]);
  });

  test('a cancelled vote drops the waiting ballots and tells their voters', () => {
    const r = secretVoteRoom(BATCH_MIN + 2);
    const ref = r.voters[0]!.socket.command({ type: 'cast_ballot', voteId: r.voteId, choices: [YES] });
    r.hostSocket.command({ type: 'cancel_vote', voteId: r.voteId });
    expect(r.voters[0]!.socket.last('error')).toMatchObject({ code: 'not_open', ref });
    expect(r.store.readEvents(r.room.callId, 0).map((e) => e.event.type)).not.toContain('ballots_sealed');
  });

  test('a delegate roll: one ballot per organization at its weight, sealed only when the roll is done or the vote closes', () => {
    const r = memoryRoom();
    const host = r.join('host', 'Host');
    const hostSocket = r.connect(host);
    const green = { id: 'green', name: 'Green Union', weight: 5 };
    const red = { id: 'red', name: 'Red Union', weight: 2 };
    const people = [
      r.join('participant', 'G1', { org: green, registered: true }),
      r.join('participant', 'G2', { org: green, registered: true }),
      r.join('participant', 'R1', { org: red, registered: true }),
      r.join('participant', 'Guest'),
    ];
    const sockets = people.map((p) => r.connect(p));
    hostSocket.command({ type: 'open_vote', title: 'Budget', kind: 'yes_no', roll: 'delegates', secret: true, threshold: 'two_thirds', quorum: 50 });
    const voteId = r.room.state.votes.at(-1)!.id;
    sockets[0]!.command({ type: 'cast_ballot', voteId, choices: [YES] });
    sockets[1]!.command({ type: 'cast_ballot', voteId, choices: [NO] });
    expect(sockets[1]!.last('error')).toMatchObject({ code: 'already_voted' });
    sockets[3]!.command({ type: 'cast_ballot', voteId, choices: [NO] });
    expect(sockets[3]!.last('error')).toMatchObject({ code: 'not_on_roll' });
    r.clock.advance(SEAL_EVERY_MS * 5);
    expect(sockets[0]!.ofType('ballot_sealed')).toEqual([]); // a weighted batch of one would give it away
    hostSocket.command({ type: 'close_vote', voteId });
    const closed = hostSocket.ofType('event').find((e) => e.event.type === 'vote_closed')!.event;
    expect(closed).toMatchObject({ result: { tally: [5, 0, 0], ballots: 1, weightCast: 5, rollWeight: 7, quorumMet: true, outcome: 'adopted' } });
    expect(sockets[0]!.ofType('ballot_sealed')).toHaveLength(1);
  });
});

describe('own copies to staff', () => {
  test('a moderator’s poll answer reaches that moderator only, not the host (the fan-out shares the staff copy only among staff it was not made for)', () => {
    const r = memoryRoom();
    const host = r.connect(r.join('host', 'Host'));
    const mod = r.connect(r.join('moderator', 'Mod'));
    host.command({ type: 'open_poll', question: 'Agree?' });
    const pollId = r.room.state.polls.at(-1)!.id;
    const hostMark = host.mark();
    mod.command({ type: 'answer_poll', pollId, option: 1 });
    expect(mod.ofType('event').at(-1)!.event).toMatchObject({ type: 'poll_answered', option: 1 });
    expect(hostMark().filter((f) => f.type === 'event')).toEqual([]);
  });
});

describe('a crash', () => {
  test('keeps every sealed ballot (stored before its voters heard) and loses only unsealed ones, whose voters may vote again', () => {
    const r = secretVoteRoom(BATCH_MIN + 3);
    cast(r, [0, 1, 2, 3, 4], [YES, NO, YES, NO, YES, NO, YES, NO]);
    r.clock.advance(SEAL_EVERY_MS); // sealed: the first five
    cast(r, [5, 6], [YES, NO, YES, NO, YES, NO, YES, NO]); // waiting in the box when the process dies
    // What a restart reads: the stored log, folded from the start.
    const call = r.store.getCall(r.room.callId)!;
    const restored = fold(initialState(call.id, call.settings), r.store.readEvents(call.id, 0).map((e) => e.event));
    const vote = restored.votes.at(-1)!;
    const sealedVoters = r.voters.slice(0, 5).map((v) => v.person.identity);
    expect(Object.values(vote.voted).sort()).toEqual([...sealedVoters].sort());
    expect(vote.sealed).toEqual([3, 2, 0]);
    for (const v of r.voters.slice(0, 5)) expect(v.socket.ofType('ballot_sealed')).toHaveLength(1);
    for (const v of r.voters.slice(5, 7)) {
      expect(v.socket.ofType('ballot_sealed')).toEqual([]);
      expect(checkSecretBallot(restored, vote.id, v.person.identity, [YES])).toMatchObject({ key: v.person.identity });
    }
  });
});
