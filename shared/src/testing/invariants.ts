// What must hold of any call state, and of any event log, whatever sequence of commands (valid,
// refused, hostile, racing) led there. Returns the violations as sentences (empty = fine) rather
// than asserting, so the pure property tests and the server's fuzz test use the same rules.
// Not exported from the package.
import { livekitPermissionFor } from '../core/grants';
import { arrivalOf } from '../core/pace';
import { heldByShield } from '../core/shield';
import type { CallState } from '../core/state';
import { viewerFor } from '../core/visibility';
import type { Event } from '../protocol/events';
import { ROLES } from '../protocol/primitives';

export function stateViolations(s: CallState): string[] {
  const v: string[] = [];
  const ids = s.queue.map((e) => e.identity);
  if (new Set(ids).size !== ids.length) v.push(`someone is twice in the queue: ${ids.join(', ')}`);
  for (const id of ids) {
    if (s.members.get(id)?.status !== 'present') v.push(`${id} is in the queue but not present`);
    if (s.members.get(id)?.role === 'speaker') v.push(`${id} is a speaker in the queue`);
    if (s.floor?.identity === id) v.push(`${id} holds the floor and is in the queue`);
  }
  if (s.floor) {
    const holder = s.members.get(s.floor.identity);
    if (holder?.status !== 'present') v.push(`${s.floor.identity} holds the floor but is not present`);
    if (holder?.silenced) v.push(`${s.floor.identity} holds the floor while silenced`);
    if (s.status === 'ended') v.push('the floor is held in an ended call');
  }
  for (const [id, w] of s.lobby) {
    if (w.identity !== id) v.push(`lobby key ${id} holds ${w.identity}`);
    if (s.bans.has(id)) v.push(`${id} is banned and in the lobby`);
    const m = s.members.get(id);
    // Someone who left may knock again (a locked call with its lobby on), never someone present.
    if (w.status === 'waiting' && m?.status === 'present') v.push(`${id} waits while present`);
  }
  for (const [id, ban] of s.bans) {
    if (ban.identity !== id) v.push(`ban key ${id} holds ${ban.identity}`);
    if (s.members.get(id) && s.members.get(id)!.status !== 'banned') v.push(`${id} is banned but ${s.members.get(id)!.status}`);
  }
  for (const [id, m] of s.members.entries()) {
    if (m.identity !== id) v.push(`member key ${id} holds ${m.identity}`);
    if (m.status === 'banned' && !s.bans.has(id)) v.push(`${id} is marked banned without a ban`);
    if (!ROLES.includes(m.role)) v.push(`${id} has no valid role`);
  }
  // The head count is kept as members change (O(1) capacity checks): it must match a recount.
  for (const role of ROLES) {
    let present = 0;
    for (const m of s.members.values()) if (m.status === 'present' && m.role === role) present++;
    const kept = s.members.presentCount([role]);
    if (kept !== present) v.push(`${kept} present ${role}s counted, ${present} in the members`);
  }
  for (const id of s.suspended?.silencedBySuspend ?? []) {
    if (!s.members.get(id)?.silenced) v.push(`${id} is held silenced by the suspension but is not silenced`);
  }
  v.push(...ballotViolations(s));
  // Nobody the raid shield holds can publish, chat, raise a hand or see the call: they are not
  // present (decide refuses them as `in_lobby`), have no LiveKit permission and no viewer.
  for (const w of s.lobby.values()) {
    if (w.status !== 'waiting' || !heldByShield(s, w)) continue;
    if (s.members.get(w.identity)?.status === 'present') v.push(`${w.identity} is held by the shield but present`);
    if (livekitPermissionFor(s, w.identity) !== null) v.push(`${w.identity} is held by the shield but may be in the LiveKit room`);
    if (viewerFor(s, w.identity) !== null) v.push(`${w.identity} is held by the shield but sees the call`);
    if (s.queue.some((e) => e.identity === w.identity)) v.push(`${w.identity} is held by the shield with a hand up`);
  }
  const chatIds = s.chat.map((m) => m.id);
  if (new Set(chatIds).size !== chatIds.length) v.push('two chat messages share an id');
  return v;
}

/** Events that let a person in (or back in). */
const ENTRY = new Set(['member_joined', 'member_rejoined', 'member_admitted', 'member_waiting']);

/**
 * Over a whole log: a banned identity is never let in (joined, rejoined, admitted, or even put in
 * the lobby) until someone unbans it; nothing happens after call_ended; `at` never goes backwards.
 */
export function logViolations(events: readonly Event[]): string[] {
  const v: string[] = [];
  const banned = new Set<string>();
  let ended = false;
  let lastAt = 0;
  events.forEach((e, i) => {
    if (ended) v.push(`#${i} ${e.type} after call_ended`);
    if (e.at < lastAt) v.push(`#${i} ${e.type} goes back in time`);
    lastAt = Math.max(lastAt, e.at);
    const who = (e as { participant?: string }).participant;
    if (e.type === 'member_banned') banned.add(e.participant);
    else if (e.type === 'member_unbanned') banned.delete(e.participant);
    else if (ENTRY.has(e.type) && who && banned.has(who)) v.push(`#${i} banned ${who} let in by ${e.type}`);
    if (e.type === 'call_ended') ended = true;
  });
  return v;
}

/**
 * Polls, votes and questions: one ballot per voter (one mark per roll key, on the roll), the tally
 * equal to the ballots (a named vote's choices, a secret vote's sealed aggregate), a result only
 * once closed, and one answer and one upvote per person.
 */
export function ballotViolations(s: CallState): string[] {
  const v: string[] = [];
  for (const vote of s.votes) {
    const entries = vote.entries ?? {};
    const voters = Object.values(vote.voted);
    if (new Set(voters).size !== voters.length) v.push(`vote ${vote.id}: someone voted twice`);
    let weight = 0;
    for (const [key, voter] of Object.entries(vote.voted)) {
      if (!(key in entries)) v.push(`vote ${vote.id}: ${voter} voted off the roll`);
      weight += entries[key] ?? 0;
    }
    if (vote.secret) {
      if (Object.keys(vote.choices).length) v.push(`vote ${vote.id}: a secret vote holds choices by voter`);
      const sealed = (vote.sealed ?? []).reduce((a, b) => a + b, 0);
      if (vote.kind === 'yes_no' && sealed !== weight) v.push(`vote ${vote.id}: sealed tally ${sealed} != weight cast ${weight}`);
    } else {
      const chose = Object.keys(vote.choices).sort();
      if (JSON.stringify(chose) !== JSON.stringify([...voters].sort())) v.push(`vote ${vote.id}: choices do not match the voters`);
    }
    if ((vote.status === 'closed') !== (vote.result !== null)) v.push(`vote ${vote.id}: ${vote.status} with${vote.result ? '' : 'out'} a result`);
    if (vote.result) {
      if (vote.result.ballots !== voters.length) v.push(`vote ${vote.id}: ${vote.result.ballots} ballots published, ${voters.length} cast`);
      if (vote.result.weightCast !== weight) v.push(`vote ${vote.id}: weight ${vote.result.weightCast} published, ${weight} cast`);
      const total = vote.result.tally.reduce((a, b) => a + b, 0);
      if (vote.kind === 'yes_no' && total !== weight) v.push(`vote ${vote.id}: tally ${total} != weight cast ${weight}`);
    }
  }
  for (const poll of s.polls) {
    if (poll.result && poll.result.counts.reduce((a, b) => a + b, 0) !== poll.result.answered) v.push(`poll ${poll.id}: counts do not add up`);
    for (const option of Object.values(poll.answers)) if (option >= poll.options.length) v.push(`poll ${poll.id}: an answer off the options`);
  }
  return v;
}

/**
 * Over one decision: a shield moves exactly the participants (present or just gone) who arrived
 * at or after its moment; nobody present before that moment, no staff and no guest speaker.
 */
export function shieldViolations(before: CallState, events: readonly Event[]): string[] {
  const v: string[] = [];
  for (const e of events) {
    if (e.type !== 'shield_raised') continue;
    const moved = new Set(e.moved);
    for (const m of before.members.values()) {
      const inWindow = m.role === 'participant' && (m.status === 'present' || m.status === 'left') && arrivalOf(m) >= e.since;
      if (moved.has(m.identity) && !inWindow) v.push(`the shield moved ${m.identity} (${m.role}, ${m.status}, arrived ${arrivalOf(m)} < ${e.since})`);
      if (!moved.has(m.identity) && inWindow) v.push(`the shield missed ${m.identity}, who arrived at ${arrivalOf(m)} >= ${e.since}`);
    }
  }
  return v;
}
