// Enforcement: how each event changes the state, its effects, who sees it, and how it reads.
import { CLOSE_CODES } from '../../protocol/errors';
import type { FamilyEventType } from '../../protocol/events';
import type { MODERATION_EVENTS } from '../../protocol/families/moderation';
import type { EventSpecs } from '../event-spec';
import { countPace } from '../pace';
import { isStaff } from '../permissions';
import { noEffects, strip, toEveryone, toStaff } from '../redaction';
import { REPORT_HISTORY_LIMIT } from '../state';
import { updateMember, withoutWaiter } from '../state-updates';

type ModerationEvent = FamilyEventType<typeof MODERATION_EVENTS>;

export const MODERATION_SPECS = {
  member_muted: {
    // One-shot: their microphone tracks are muted once (they may unmute); nothing persists.
    evolve: (state) => state,
    effects: (event) => [{ kind: 'mute_tracks', identity: event.participant }],
    redact: toEveryone,
    describe: (_event, { who, by }) => `${by} muted ${who}`,
  },
  all_muted: {
    evolve: (state) => state,
    effects: (event) => event.participants.map((identity) => ({ kind: 'mute_tracks', identity })),
    redact: toEveryone,
    describe: (event, { by }) => `${by} muted everyone in the audience (${event.participants.length})`,
  },
  member_silenced: {
    evolve: (state, event) => {
      const next = updateMember(state, event.participant, (m) => ({ ...m, silenced: true }));
      // An arrival during a suspension joins the audience the suspension silenced: restore lifts it.
      if (!event.bySuspension || !next.suspended || next.suspended.silencedBySuspend.includes(event.participant)) return next;
      const silencedBySuspend = [...next.suspended.silencedBySuspend, event.participant];
      return { ...next, suspended: { ...next.suspended, silencedBySuspend } };
    },
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { who, by }) => `${by} silenced ${who}`,
  },
  member_unsilenced: {
    evolve: (state, event) => {
      const next = updateMember(state, event.participant, (m) => ({ ...m, silenced: false }));
      // Lifted by hand during a suspension: restore must not lift it again later, nor re-lift it
      // after a moderator silences the person again for their own reasons.
      if (!next.suspended) return next;
      const silencedBySuspend = next.suspended.silencedBySuspend.filter((id) => id !== event.participant);
      return { ...next, suspended: { ...next.suspended, silencedBySuspend } };
    },
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { who, by }) => `${by} lifted the silence on ${who}`,
  },
  camera_disabled: {
    evolve: (state, event) => updateMember(state, event.participant, (m) => ({ ...m, cameraOff: true })),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { who, by }) => `${by} turned off the camera of ${who}`,
  },
  camera_enabled: {
    evolve: (state, event) => updateMember(state, event.participant, (m) => ({ ...m, cameraOff: false })),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { who, by }) => `${by} allowed the camera of ${who} again`,
  },
  member_removed: {
    evolve: (state, event) => updateMember(state, event.participant, (m) => ({ ...m, status: 'removed' })),
    // Out of the LiveKit room (permissions stripped first), and every socket closed.
    effects: (event) => [
      { kind: 'remove', identity: event.participant, reason: 'removed' },
      { kind: 'close_sockets', identity: event.participant, code: CLOSE_CODES.removed },
    ],
    // The reason is for staff and for the person removed.
    redact: (event, viewer) =>
      isStaff(viewer.role) || viewer.identity === event.participant || event.reason === null ? event : { ...event, reason: null },
    describe: (event, { who, by }) => `${by} removed ${who}${event.reason ? ` (${event.reason})` : ''}`,
  },
  member_banned: {
    evolve: (state, event) => {
      const banned = updateMember(withoutWaiter(state, event.participant), event.participant, (m) => ({ ...m, status: 'banned' }));
      const ban = {
        identity: event.participant,
        name: event.name,
        role: event.role,
        reason: event.reason,
        by: event.by,
        at: event.at,
        ip: event.ip,
        device: event.device,
        ipHash: event.ipHash,
        scope: event.scope,
        expiresAt: event.expiresAt,
      };
      return { ...banned, bans: banned.bans.set(event.participant, ban) };
    },
    effects: (event) => [
      { kind: 'remove', identity: event.participant, reason: 'banned' },
      { kind: 'close_sockets', identity: event.participant, code: CLOSE_CODES.banned },
    ],
    // To everyone but staff a ban looks like a removal without a reason.
    redact: (event, viewer) =>
      isStaff(viewer.role)
        ? strip(event)
        : { type: 'member_removed', at: event.at, by: event.by, participant: event.participant, reason: null },
    describe: (event, { by }) =>
      `${by} banned ${event.name}${event.scope === 'coalition' ? ' from every call of the coalition' : ''}: ${event.reason}` +
      `${event.ip ? ' (network blocked too)' : ''}${event.expiresAt !== null ? ` until ${new Date(event.expiresAt).toISOString()}` : ''}`,
  },
  member_unbanned: {
    evolve: (state, event) =>
      updateMember({ ...state, bans: state.bans.delete(event.participant) }, event.participant, (m) =>
        m.status === 'banned' ? { ...m, status: 'removed' } : m,
      ),
    effects: noEffects,
    redact: toStaff,
    describe: (_event, { who, by }) => `${by} lifted the ban on ${who}`,
  },
  reported: {
    evolve: (state, event) => {
      if (event.by === 'system') return state;
      const report = { id: event.id, by: event.by, participant: event.participant, reason: event.reason, at: event.at };
      return countPace({ ...state, reports: [...state.reports, report].slice(-REPORT_HISTORY_LIMIT) }, event.by, 'report', event.at);
    },
    effects: noEffects,
    redact: toStaff,
    describe: (event, { who, by }) => `${by} reported ${who}: ${event.reason}`,
  },
} satisfies EventSpecs<ModerationEvent>;
