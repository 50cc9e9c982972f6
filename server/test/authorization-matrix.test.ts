// The authorization matrix over the wire: every websocket command and every HTTP route, tried by
// every kind of actor (host, moderator, speaker, participant, lobby waiter, removed, banned,
// anonymous, a bad session, another call's member) against the real server, SQLite and LiveKit.
//
// The websocket half is generated from COMMAND_ROLES (through roleMayIssue), the same table
// decide() checks. SAMPLES is keyed by WireCommandType with `satisfies`, so a command added to
// the protocol without a sample here does not compile; a runtime check says the same. The HTTP
// half lists every API route x actor; a route added to the app without a row fails the run.
import {
  CLOSE_CODES,
  COMMAND_ROLES,
  ERROR_CODES,
  parseClientFrame,
  roleMayIssue,
  ROLES,
  WIRE_COMMAND_TYPES,
  type Role,
  type WireCommandInput,
  type WireCommandType,
} from '@caucus/shared';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createCall, inviteOf, join, joinRaw, type Joined } from '../../test/api';
import { addMember, PASSWORD, setUpOwner, signInWithPassword, type SignedIn } from '../../test/accounts';
import { ORGANIZER_KEY, startTestServer, type TestServer } from '../../test/server';
import type { SqliteStore } from '../src/store/sqlite-store';
import { TestClient, type Frame } from '../../test/ws-client';
import { Cast, type Person } from './support/cast';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

// --- the actors ---------------------------------------------------------------------------------

const PRESENT_ROLES = ['participant', 'speaker', 'moderator', 'host'] as const satisfies readonly Role[];
const OUTSIDERS = ['lobby_waiter', 'anonymous', 'bad_session', 'removed', 'banned', 'other_call'] as const;
type Outsider = (typeof OUTSIDERS)[number];
type ActorKind = Role | Outsider;

// --- one sample per wire command ----------------------------------------------------------------

interface Targets {
  /** The person the command acts on. */
  target: string;
  /** A chat message id (chat_delete). */
  messageId: string;
  /** A poll, vote or question id. */
  id: string;
}

type PayloadOf<K extends WireCommandType> = Extract<WireCommandInput, { type: K }>;

interface Sample<K extends WireCommandType> {
  /**
   * Brings the call to where this command, from `actor`, succeeds if their role may send it, and
   * returns its targets. Runs for refused roles too: their refusal is then about the role only.
   * Uses the host for staff steps and fresh people as targets, never the cast itself.
   */
  prepare?: (cast: Cast, actor: Person) => Promise<Partial<Targets>>;
  payload: (t: Targets) => PayloadOf<K>;
}

/** Tolerant: a step the actor's role may not take (a speaker raising a hand) is simply skipped. */
const attempt = (who: Person, command: { type: string; [k: string]: unknown }) => who.client.command(command);
const freshTarget = async (cast: Cast) => ({ target: (await cast.fresh()).identity });
const freshWith = (staffStep: (target: string) => { type: string; [k: string]: unknown }) => async (cast: Cast) => {
  const { identity } = await cast.fresh();
  await cast.host.client.ok(staffStep(identity));
  return { target: identity };
};
const freshHandRaised = async (cast: Cast) => {
  const t = await cast.freshConnected();
  await t.client.ok({ type: 'raise_hand' });
  return { target: t.identity };
};
const hostSets = (command: { type: string; [k: string]: unknown }) => async (cast: Cast) => {
  await cast.host.client.ok(command);
  return {};
};

/** One poll runs at a time: the host closes any open one. */
const noOpenPoll = async (cast: Cast) => {
  for (const p of cast.state.polls) if (p.status === 'open') await cast.host.client.ok({ type: 'close_poll', pollId: p.id });
  return {};
};
/** The host opens a poll. */
const freshPoll = async (cast: Cast) => {
  await noOpenPoll(cast);
  await cast.host.client.ok({ type: 'open_poll', question: 'Next topic?', options: ['Housing', 'Transit'] });
  return { id: cast.state.polls.at(-1)!.id };
};
/** The host opens a named vote (cancelling open ones first: at most three at a time). */
const freshVote = async (cast: Cast) => {
  for (const v of cast.state.votes) if (v.status === 'open') await cast.host.client.ok({ type: 'cancel_vote', voteId: v.id });
  await cast.host.client.ok({ type: 'open_vote', title: 'Adopt the platform', kind: 'yes_no', roll: 'present', secret: false, threshold: 'majority_cast' });
  return { id: cast.state.votes.at(-1)!.id };
};
/** A fresh participant asks a question. */
const freshQuestion = async (cast: Cast) => {
  const asker = await cast.freshConnected();
  await asker.client.ok({ type: 'ask_question', text: `question from ${asker.identity}` });
  return { id: cast.state.questions.at(-1)!.id };
};
/** A chat message with a link, held for a moderator (the host turns the hold on links on first). */
const heldMessage = async (cast: Cast) => {
  await cast.host.client.ok({ type: 'set_flood_controls', holdLinks: true });
  const author = await cast.freshConnected();
  const text = `see https://example.org/agenda?from=${author.identity}`;
  await author.client.ok({ type: 'chat_send', text });
  const state = await cast.host.client.until((s) => s.heldChat.some((m) => m.text === text));
  return { messageId: state.heldChat.find((m) => m.text === text)!.id };
};

const SAMPLES = {
  open_poll: { prepare: noOpenPoll, payload: () => ({ type: 'open_poll', question: 'Agree?', live: true }) },
  answer_poll: { prepare: freshPoll, payload: (t) => ({ type: 'answer_poll', pollId: t.id, option: 1 }) },
  close_poll: { prepare: freshPoll, payload: (t) => ({ type: 'close_poll', pollId: t.id }) },
  unpin_poll: {
    prepare: async (c) => {
      const { id } = await freshPoll(c);
      await c.host.client.ok({ type: 'close_poll', pollId: id });
      return { id };
    },
    payload: (t) => ({ type: 'unpin_poll', pollId: t.id }),
  },
  open_vote: {
    prepare: async (c) => (await freshVote(c), {}),
    payload: () => ({ type: 'open_vote', title: 'Elect the board', kind: 'candidates', candidates: ['Ana', 'Ben', 'Chloe'], maxChoices: 2, roll: 'present', secret: true, threshold: 'majority_cast', quorum: 50 }),
  },
  // A named ballot is acked like any command; a secret one is answered by ballot_sealed (ballot-box.test.ts, votes.test.ts).
  cast_ballot: { prepare: freshVote, payload: (t) => ({ type: 'cast_ballot', voteId: t.id, choices: [0] }) },
  close_vote: { prepare: freshVote, payload: (t) => ({ type: 'close_vote', voteId: t.id }) },
  cancel_vote: { prepare: freshVote, payload: (t) => ({ type: 'cancel_vote', voteId: t.id }) },
  ask_question: { payload: () => ({ type: 'ask_question', text: 'What about rent?', anonymous: true }) },
  upvote_question: { prepare: freshQuestion, payload: (t) => ({ type: 'upvote_question', questionId: t.id }) },
  hide_question: { prepare: freshQuestion, payload: (t) => ({ type: 'hide_question', questionId: t.id, hidden: true }) },
  pin_question: { prepare: freshQuestion, payload: (t) => ({ type: 'pin_question', questionId: t.id, pinned: true }) },
  mark_answered: { prepare: freshQuestion, payload: (t) => ({ type: 'mark_answered', questionId: t.id }) },
  invite_asker: { prepare: freshQuestion, payload: (t) => ({ type: 'invite_asker', questionId: t.id, to: 'queue' }) },
  raise_hand: { payload: () => ({ type: 'raise_hand', lane: 'direct_response' }) },
  lower_hand: {
    prepare: async (_c, actor) => (await attempt(actor, { type: 'raise_hand' }), {}),
    payload: () => ({ type: 'lower_hand' }),
  },
  report: {
    prepare: async (c, actor) => ({ target: actor.identity === c.participant.identity ? c.speaker.identity : c.participant.identity }),
    payload: (t) => ({ type: 'report', participant: t.target, reason: 'slurs in chat' }),
  },
  chat_send: { payload: () => ({ type: 'chat_send', text: 'hello everyone' }) },
  grant_floor: { prepare: freshTarget, payload: (t) => ({ type: 'grant_floor', participant: t.target }) },
  next_speaker: { prepare: freshHandRaised, payload: () => ({ type: 'next_speaker' }) },
  end_floor: { prepare: freshWith((id) => ({ type: 'grant_floor', participant: id })), payload: () => ({ type: 'end_floor' }) },
  extend_floor: {
    prepare: freshWith((id) => ({ type: 'grant_floor', participant: id })),
    payload: () => ({ type: 'extend_floor', seconds: 60 }),
  },
  move_in_queue: { prepare: freshHandRaised, payload: (t) => ({ type: 'move_in_queue', participant: t.target, position: 0 }) },
  dismiss_hand: { prepare: freshHandRaised, payload: (t) => ({ type: 'dismiss_hand', participant: t.target }) },
  lower_all_hands: { prepare: freshHandRaised, payload: () => ({ type: 'lower_all_hands' }) },
  set_queue_policy: {
    prepare: hostSets({ type: 'set_queue_policy', policy: 'fifo' }),
    payload: () => ({ type: 'set_queue_policy', policy: 'progressive' }),
  },
  set_speaking_limit: { payload: () => ({ type: 'set_speaking_limit', seconds: 45 }) },
  mute: { prepare: freshTarget, payload: (t) => ({ type: 'mute', participant: t.target }) },
  mute_all: { payload: () => ({ type: 'mute_all' }) },
  silence: { prepare: freshTarget, payload: (t) => ({ type: 'silence', participant: t.target }) },
  unsilence: {
    prepare: freshWith((id) => ({ type: 'silence', participant: id })),
    payload: (t) => ({ type: 'unsilence', participant: t.target }),
  },
  camera_off: { prepare: freshTarget, payload: (t) => ({ type: 'camera_off', participant: t.target }) },
  camera_on: {
    prepare: freshWith((id) => ({ type: 'camera_off', participant: id })),
    payload: (t) => ({ type: 'camera_on', participant: t.target }),
  },
  remove: { prepare: freshTarget, payload: (t) => ({ type: 'remove', participant: t.target, reason: 'trolling' }) },
  ban: { prepare: freshTarget, payload: (t) => ({ type: 'ban', participant: t.target, reason: 'raid', ip: false }) },
  unban: {
    prepare: freshWith((id) => ({ type: 'ban', participant: id, reason: 'mistake' })),
    payload: (t) => ({ type: 'unban', participant: t.target }),
  },
  admit: { prepare: async (c) => ({ target: (await c.freshWaiter()).identity }), payload: (t) => ({ type: 'admit', participant: t.target }) },
  deny: { prepare: async (c) => ({ target: (await c.freshWaiter()).identity }), payload: (t) => ({ type: 'deny', participant: t.target }) },
  admit_all: { prepare: async (c) => (await c.freshWaiter(), {}), payload: () => ({ type: 'admit_all' }) },
  set_lock: { prepare: hostSets({ type: 'set_lock', locked: false }), payload: () => ({ type: 'set_lock', locked: true }) },
  set_lobby: { prepare: hostSets({ type: 'set_lobby', enabled: true }), payload: () => ({ type: 'set_lobby', enabled: false }) },
  suspend: { prepare: hostSets({ type: 'restore' }), payload: () => ({ type: 'suspend' }) },
  restore: { prepare: hostSets({ type: 'suspend' }), payload: () => ({ type: 'restore' }) },
  end_call: { payload: () => ({ type: 'end_call' }) },
  set_format: { prepare: hostSets({ type: 'set_format', format: 'stage' }), payload: () => ({ type: 'set_format', format: 'conversation' }) },
  // The cast's call is not announced, so its doors are open: the host's open_doors is acked with no change.
  open_doors: { payload: () => ({ type: 'open_doors' }) },
  set_floor_screen_share: {
    prepare: hostSets({ type: 'set_floor_screen_share', enabled: false }),
    payload: () => ({ type: 'set_floor_screen_share', enabled: true }),
  },
  appoint_captioner: { prepare: freshTarget, payload: (t) => ({ type: 'appoint_captioner', participant: t.target }) },
  dismiss_captioner: {
    prepare: freshWith((id) => ({ type: 'appoint_captioner', participant: id })),
    payload: (t) => ({ type: 'dismiss_captioner', participant: t.target }),
  },
  // Every admitted role may caption once the host appoints them (outsiders stay refused either way).
  caption: {
    prepare: async (c, actor) => (await attempt(c.host, { type: 'appoint_captioner', participant: actor.identity }), {}),
    payload: () => ({ type: 'caption', text: 'The motion is carried.' }),
  },
  promote: { prepare: freshTarget, payload: (t) => ({ type: 'promote', participant: t.target }) },
  demote: { prepare: async (c) => ({ target: (await c.fresh('speaker')).identity }), payload: (t) => ({ type: 'demote', participant: t.target }) },
  appoint_moderator: { prepare: freshTarget, payload: (t) => ({ type: 'appoint_moderator', participant: t.target }) },
  dismiss_moderator: {
    prepare: async (c) => ({ target: (await c.fresh('moderator')).identity }),
    payload: (t) => ({ type: 'dismiss_moderator', participant: t.target }),
  },
  rename: { prepare: freshTarget, payload: (t) => ({ type: 'rename', participant: t.target, name: 'Renamed Person' }) },
  chat_delete: {
    prepare: async (c) => {
      const author = await c.freshConnected();
      const text = `message from ${author.identity}`;
      await author.client.ok({ type: 'chat_send', text });
      const state = await author.client.until((s) => s.chat.some((m) => m.text === text));
      return { messageId: state.chat.find((m) => m.text === text)!.id };
    },
    payload: (t) => ({ type: 'chat_delete', messageId: t.messageId }),
  },
  chat_mute: { prepare: freshTarget, payload: (t) => ({ type: 'chat_mute', participant: t.target }) },
  chat_unmute: {
    prepare: freshWith((id) => ({ type: 'chat_mute', participant: id })),
    payload: (t) => ({ type: 'chat_unmute', participant: t.target }),
  },
  set_chat: { prepare: hostSets({ type: 'set_chat', enabled: true }), payload: () => ({ type: 'set_chat', enabled: false }) },
  chat_approve: { prepare: heldMessage, payload: (t) => ({ type: 'chat_approve', messageId: t.messageId }) },
  chat_reject: { prepare: heldMessage, payload: (t) => ({ type: 'chat_reject', messageId: t.messageId }) },
  // From this moment on: nobody of the cast arrived after it, so nobody is moved; newcomers wait.
  raise_shield: { payload: () => ({ type: 'raise_shield', window: 'since', since: Date.now() }) },
  lift_shield: {
    prepare: async (c) => (await c.host.client.ok({ type: 'raise_shield', window: 'since', since: Date.now() }), {}),
    payload: () => ({ type: 'lift_shield' }),
  },
  ban_many: { prepare: freshTarget, payload: (t) => ({ type: 'ban_many', participants: [t.target], reason: 'raid' }) },
  set_flood_controls: {
    prepare: hostSets({ type: 'set_flood_controls', slowModeSec: 0 }),
    payload: () => ({ type: 'set_flood_controls', slowModeSec: 5, handLimit: 3 }),
  },
  set_auto_shield: { prepare: hostSets({ type: 'set_auto_shield', enabled: false }), payload: () => ({ type: 'set_auto_shield', enabled: true }) },
} satisfies { [K in WireCommandType]: Sample<K> };

const sampleOf = (type: WireCommandType): Sample<WireCommandType> => SAMPLES[type] as Sample<WireCommandType>;

/** The refusal a role gets when COMMAND_ROLES does not list it; `ack` when it does. */
const expectedFor = (role: Role, type: WireCommandType) => (roleMayIssue(role, type) ? 'ack' : 'forbidden');

const isTypedError = (f: Frame) => f.type === 'error' && (ERROR_CODES as readonly string[]).includes(f.code);

describe('the tables cover every command', () => {
  test('SAMPLES has a row for every wire command, each payload is a valid frame, and every row allows someone', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...WIRE_COMMAND_TYPES].sort());
    const defaults: Targets = { target: 'p_someone', messageId: 'm_1', id: 'x_1' };
    for (const type of WIRE_COMMAND_TYPES) {
      const parsed = parseClientFrame(JSON.stringify({ ...sampleOf(type).payload(defaults), ref: 'r' }));
      expect(parsed.ok, `${type}: ${parsed.ok ? '' : parsed.error.message}`).toBe(true);
      expect(COMMAND_ROLES[type]).not.toBe('system');
      expect(ROLES.some((r) => roleMayIssue(r, type)), `${type} is allowed to nobody`).toBe(true);
    }
  });
});

// --- websocket: every command x every actor -----------------------------------------------------

/** Opens a socket with `token`, pipelines `payload` right behind the hello, waits for the close. */
async function refusedHello(cast: Cast, token: string, payload: WireCommandInput) {
  const client = await TestClient.connect(server.baseUrl, cast.callId, token);
  client.raw({ ...payload, ref: 'behind-hello' });
  const closed = await client.waitClosed();
  return { client, closed };
}

describe.concurrent('websocket: every command x every kind of actor (generated from COMMAND_ROLES)', () => {
  test.for([...WIRE_COMMAND_TYPES])('%s', async (type, { expect }) => {
    const sample = sampleOf(type);
    const cast = await Cast.open(server);
    // Another call whose host tries the same command on this call's people.
    const other = await createCall(server.baseUrl);
    const otherHost = await join(server.baseUrl, other, 'host', 'Other Host');
    const otherClient = await TestClient.ready(server.baseUrl, other.call.id, otherHost.sessionToken);
    try {
      const defaults: Targets = { target: cast.participant.identity, messageId: 'm_unknown', id: 'x_unknown' };
      const payload = sample.payload(defaults);
      const outcomes: Record<ActorKind, string> = {} as Record<ActorKind, string>;

      // Outsiders first: none of them may change anything.
      const unchanged = async (kind: Outsider, run: () => Promise<string>) => {
        const seq = cast.seq;
        outcomes[kind] = await run();
        expect(cast.seq, `${kind} changed the call`).toBe(seq);
      };
      await unchanged('lobby_waiter', async () => {
        const answer = await cast.waiter.client.command(payload);
        expect(answer).toMatchObject({ type: 'error', code: 'in_lobby' });
        return answer.code;
      });
      await unchanged('anonymous', async () => {
        const anon = await cast.rawSocket();
        anon.raw({ ...payload, ref: 'no-hello' });
        const answer = await anon.waitFor((f) => f.type === 'error');
        expect(answer).toMatchObject({ code: 'unauthorized', ref: 'no-hello' });
        return answer.code;
      });
      await unchanged('bad_session', async () => {
        const { client, closed } = await refusedHello(cast, 'f'.repeat(43), payload);
        expect(closed.code).toBe(CLOSE_CODES.unauthorized);
        expect(client.frames.every(isTypedError)).toBe(true);
        return 'closed 4001';
      });
      for (const [kind, joined, code, close] of [
        ['removed', cast.removed, 'forbidden', CLOSE_CODES.removed],
        ['banned', cast.banned, 'banned', CLOSE_CODES.banned],
      ] as const) {
        await unchanged(kind, async () => {
          const { client, closed } = await refusedHello(cast, joined.sessionToken, payload);
          expect(closed.code).toBe(close);
          expect(client.frames.map((f) => f.type)).toEqual(['error']);
          expect(client.frames[0]).toMatchObject({ code });
          expect(client.frames.every(isTypedError)).toBe(true);
          return `${code}, closed ${close}`;
        });
      }
      await unchanged('other_call', async () => {
        // Their session is for their own call only...
        const { closed } = await refusedHello(cast, otherHost.sessionToken, payload);
        expect(closed.code).toBe(CLOSE_CODES.unauthorized);
        // ...and from their own call's socket, naming this call's people acts on nobody here.
        const answer = await otherClient.command(payload);
        expect(answer.type === 'ack' || isTypedError(answer)).toBe(true);
        if ('participant' in payload) expect(answer.type).toBe('error');
        return 'closed 4001';
      });

      // Present members, as COMMAND_ROLES says. The host goes last (end_call ends the call).
      for (const role of PRESENT_ROLES) {
        const actor = cast[role];
        const targets = { ...defaults, ...(sample.prepare ? await sample.prepare(cast, actor) : {}) };
        const seq = cast.seq;
        const answer = await actor.client.command(sample.payload(targets));
        const expected = expectedFor(role, type);
        outcomes[role] = answer.type === 'ack' ? 'ack' : answer.code;
        expect(outcomes[role], `${type} by ${role}: ${answer.message ?? ''}`).toBe(expected);
        if (expected === 'forbidden') expect(cast.seq).toBe(seq);
        else expect(answer.seq).toBeGreaterThanOrEqual(seq);
      }
      expect(Object.keys(outcomes).sort()).toEqual([...PRESENT_ROLES, ...OUTSIDERS].sort());
    } finally {
      cast.close();
      otherClient.close();
    }
  });
});

// --- HTTP: every route x every actor ------------------------------------------------------------

/**
 * Coalition accounts, signed in with their session cookie (and its CSRF token, from our Origin):
 * the owner, an organizer, a moderator account not assigned to the call (another coalition member),
 * an owner's session past its expiry, and a guest speaker whose personal invitation was revoked
 * (their session token, device cookie and invite still in hand).
 */
const ACCOUNT_ACTORS = ['owner', 'organizer_account', 'other_member', 'expired_session', 'revoked_invitation'] as const;
type HttpActor = ActorKind | 'organizer' | (typeof ACCOUNT_ACTORS)[number];
const HTTP_ACTORS = [...PRESENT_ROLES, ...OUTSIDERS, 'organizer', ...ACCOUNT_ACTORS] as const satisfies readonly HttpActor[];

/** `status` alone, or `[status, error code]`. */
type Expected = number | readonly [number, string];

const ROUTES = [
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /',
  'GET /schedule.js',
  'GET /schedule.css',
  'GET /calls/:id',
  'GET /calls/:id/calendar.ics',
  'GET /api/schedule',
  'GET /*',
  'POST /api/livekit/webhook',
  'POST /api/calls',
  'GET /api/calls/:id',
  'POST /api/calls/:id/join',
  'POST /api/calls/:id/token',
  'POST /api/calls/:id/invites/:role',
  'PUT /api/calls/:id/schedule',
  'POST /api/calls/:id/end',
  'GET /api/calls/:id/audit',
  'GET /api/calls/:id/audit?format=csv',
  // Accounts and the console
  'GET /api/auth/state',
  'POST /api/auth/claim',
  'POST /api/auth/password',
  'POST /api/auth/passkey/options',
  'POST /api/auth/passkey',
  'POST /api/auth/sign-out',
  'GET /api/account',
  'POST /api/account/passkeys/options',
  'POST /api/account/passkeys',
  'DELETE /api/account/passkeys/:id',
  'PUT /api/account/password',
  'DELETE /api/account/sessions/:id',
  'POST /api/account/tokens',
  'DELETE /api/account/tokens/:id',
  'GET /api/coalition',
  'POST /api/coalition/invitations',
  'DELETE /api/coalition/invitations/:id',
  'PUT /api/coalition/members/:id',
  'DELETE /api/coalition/members/:id',
  'GET /api/console/calls',
  'GET /api/console/calls/:id',
  'GET /api/console/calls/:id/audit',
  'GET /api/console/bans',
  'POST /api/console/bans/:id/lift',
  'POST /api/console/bans/:id/widen',
  'PATCH /api/calls/:id',
  'POST /api/calls/:id/close',
  'POST /api/calls/:id/invitations',
  'GET /api/calls/:id/invitations',
  'POST /api/calls/:id/invitations/:invitationId/resend',
  'DELETE /api/calls/:id/invitations/:invitationId',
  // Registration (issue 13): the public form and each registrant's page, then the console's side.
  'POST /api/calls/:id/registrations',
  'POST /calls/:id/register',
  'GET /registrations/:token',
  'POST /registrations/:token/confirm',
  'POST /registrations/:token/resend',
  'POST /registrations/:token/change',
  'GET /registrations/:token/cancel',
  'POST /registrations/:token/cancel',
  'GET /api/console/orgs',
  'POST /api/console/orgs',
  'PUT /api/console/orgs/:id',
  'DELETE /api/console/orgs/:id',
  'GET /api/console/series',
  'POST /api/console/series',
  'GET /api/console/series/:id/attendance',
  'GET /api/console/calls/:id/registration',
  'PUT /api/console/calls/:id/registration',
  'POST /api/console/calls/:id/registrations/:registrationId/resend',
  'DELETE /api/console/calls/:id/registrations/:registrationId',
  'GET /api/console/calls/:id/attendance',
  'GET /api/console/outbox',
  'GET /api/console/privacy',
  'PUT /api/console/privacy',
  'GET /api/console/privacy/person',
  'POST /api/console/privacy/erase',
  // Last: it ends every session of each account that is allowed it.
  'POST /api/account/sign-out-everywhere',
] as const;
type Route = (typeof ROUTES)[number];
/** Routes whose authorization lives elsewhere: the websocket's is its hello (the matrix above). */
const COVERED_ELSEWHERE = ['GET /api/calls/:id/ws'];

const all = (e: Expected): Record<HttpActor, Expected> => Object.fromEntries(HTTP_ACTORS.map((a) => [a, e])) as Record<HttpActor, Expected>;
const U = [401, 'unauthorized'] as const;
const F = [403, 'forbidden'] as const;
/** The session-authenticated routes: anyone without a session for THIS call is 401. */
const noSession = {
  anonymous: U,
  bad_session: U,
  other_call: U,
  organizer: U,
  owner: U,
  organizer_account: U,
  other_member: U,
  expired_session: U,
  revoked_invitation: U,
} as const;
/** Routes for a person's account: the organizer key is no person (403); no account is 401. */
const accountOnly = (ok: Expected, other: Expected = ok): Record<HttpActor, Expected> => ({
  ...all(U),
  organizer: F,
  owner: ok,
  organizer_account: ok,
  other_member: other,
});
/** Routes that manage calls: the organizer key, owners and organizers; a moderator account is 403. */
const organizers = (ok: Expected): Record<HttpActor, Expected> => ({ ...all(U), organizer: ok, owner: ok, organizer_account: ok, other_member: F });

const HTTP_MATRIX = {
  'GET /healthz': all(200),
  'GET /readyz': all(200),
  // For the operator's scraper and only with METRICS_TOKEN set (metrics.test.ts); this server has none.
  'GET /metrics': all([404, 'not_found']),
  // The public schedule: the same for everyone; a call that is not announced has no page at all.
  'GET /': all(200),
  'GET /schedule.js': all(200),
  'GET /schedule.css': all(200),
  'GET /calls/:id': all(404),
  'GET /calls/:id/calendar.ics': all(404),
  'GET /api/schedule': all(200),
  // The web app (static files, index.html for its own routes such as the call page); 503 until built.
  'GET /*': all(existsSync('client/dist/index.html') ? 200 : 503),
  // Whatever an actor holds (session, organizer key, even their LiveKit token, which LiveKit's key
  // signed) is not a webhook signature over this body.
  'POST /api/livekit/webhook': all(U),
  'POST /api/calls': organizers(201),
  'GET /api/calls/:id': all(200),
  // Joining is by invite: each actor uses the invite of their role and their own device cookie.
  'POST /api/calls/:id/join': {
    ...all(200),
    banned: [403, 'banned'],
    bad_session: [403, 'bad_invite'],
    other_call: [403, 'bad_invite'],
    // Without an invite: organizers host by their account; a member not assigned is refused.
    other_member: F,
    expired_session: U,
    revoked_invitation: [403, 'bad_invite'],
  },
  'POST /api/calls/:id/token': {
    host: 200,
    moderator: 200,
    speaker: 200,
    participant: 200,
    lobby_waiter: F,
    removed: F,
    banned: [403, 'banned'],
    ...noSession,
  },
  'POST /api/calls/:id/invites/:role': {
    host: 200,
    moderator: F,
    speaker: F,
    participant: F,
    lobby_waiter: F,
    removed: F,
    banned: F,
    ...noSession,
    organizer: 200,
    owner: 200,
    organizer_account: 200,
    other_member: F,
  },
  'PUT /api/calls/:id/schedule': {
    host: 200,
    moderator: F,
    speaker: F,
    participant: F,
    lobby_waiter: F,
    removed: F,
    banned: F,
    ...noSession,
    organizer: 200,
    owner: 200,
    organizer_account: 200,
    other_member: F,
  },
  'POST /api/calls/:id/end': { host: 200, moderator: F, speaker: F, participant: F, lobby_waiter: F, removed: F, banned: F, ...noSession },
  'GET /api/calls/:id/audit': { host: 200, moderator: 200, speaker: F, participant: F, lobby_waiter: F, removed: F, banned: F, ...noSession },
  'GET /api/calls/:id/audit?format=csv': { host: 200, moderator: F, speaker: F, participant: F, lobby_waiter: F, removed: F, banned: F, ...noSession },
  'GET /api/auth/state': all(200),
  'POST /api/auth/claim': all([403, 'bad_invite']),
  'POST /api/auth/password': all([401, 'sign_in_failed']),
  'POST /api/auth/passkey/options': all(200),
  'POST /api/auth/passkey': all([401, 'sign_in_failed']),
  'POST /api/auth/sign-out': all(204),
  'GET /api/account': accountOnly(200),
  'POST /api/account/passkeys/options': accountOnly(200),
  // Allowed past authorization; the made-up ceremony is then refused as input.
  'POST /api/account/passkeys': accountOnly([400, 'invalid_input']),
  'DELETE /api/account/passkeys/:id': accountOnly([404, 'not_found']),
  'PUT /api/account/password': accountOnly(204),
  'DELETE /api/account/sessions/:id': accountOnly([404, 'not_found']),
  'POST /api/account/tokens': accountOnly(201),
  'DELETE /api/account/tokens/:id': accountOnly([404, 'not_found']),
  'POST /api/account/sign-out-everywhere': accountOnly(200),
  'GET /api/coalition': accountOnly(200, F),
  'POST /api/coalition/invitations': { ...accountOnly(201, F), organizer_account: F },
  'DELETE /api/coalition/invitations/:id': { ...accountOnly([404, 'not_found'], F), organizer_account: F },
  'PUT /api/coalition/members/:id': { ...accountOnly([404, 'not_found'], F), organizer_account: F },
  'DELETE /api/coalition/members/:id': { ...accountOnly([404, 'not_found'], F), organizer_account: F },
  'GET /api/console/calls': accountOnly(200),
  'GET /api/console/calls/:id': accountOnly(200, F),
  'GET /api/console/calls/:id/audit': organizers(200),
  // The coalition's ban list: organizers; lifting or widening a ban that is not there is a 404 past authorization.
  'GET /api/console/bans': organizers(200),
  'POST /api/console/bans/:id/lift': organizers([404, 'not_found']),
  'POST /api/console/bans/:id/widen': organizers([404, 'not_found']),
  'PATCH /api/calls/:id': organizers(200),
  'POST /api/calls/:id/close': organizers(200),
  'POST /api/calls/:id/invitations': organizers(201),
  'GET /api/calls/:id/invitations': organizers(200),
  'POST /api/calls/:id/invitations/:invitationId/resend': organizers(200),
  'DELETE /api/calls/:id/invitations/:invitationId': organizers(204),
  // The cast's call is not announced: nobody registers for it, whatever they hold. A registrant's
  // page answers only to its own (unguessable) token.
  'POST /api/calls/:id/registrations': all([404, 'not_found']),
  'POST /calls/:id/register': all(404),
  'GET /registrations/:token': all(404),
  'POST /registrations/:token/confirm': all(404),
  'POST /registrations/:token/resend': all(404),
  'POST /registrations/:token/change': all(404),
  'GET /registrations/:token/cancel': all(404),
  'POST /registrations/:token/cancel': all(404),
  'GET /api/console/orgs': organizers(200),
  'POST /api/console/orgs': organizers(201),
  'PUT /api/console/orgs/:id': organizers([404, 'not_found']),
  'DELETE /api/console/orgs/:id': organizers([404, 'not_found']),
  'GET /api/console/series': organizers(200),
  'POST /api/console/series': organizers(201),
  'GET /api/console/series/:id/attendance': organizers([404, 'not_found']),
  'GET /api/console/calls/:id/registration': organizers(200),
  'PUT /api/console/calls/:id/registration': organizers(200),
  'POST /api/console/calls/:id/registrations/:registrationId/resend': organizers([404, 'not_found']),
  'DELETE /api/console/calls/:id/registrations/:registrationId': organizers([404, 'not_found']),
  'GET /api/console/calls/:id/attendance': organizers(200),
  'GET /api/console/outbox': organizers(200),
  'GET /api/console/privacy': organizers(200),
  'PUT /api/console/privacy': organizers(200),
  'GET /api/console/privacy/person': organizers(200),
  'POST /api/console/privacy/erase': organizers(200),
} satisfies Record<Route, Record<HttpActor, Expected>>;

/** Every method + path the app serves (but the built client's static files), from Fastify's own route tree. */
function appRoutes(): string[] {
  const tree = server.app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ├└─]*)(\S+) \(([^)]+)\)/.exec(line);
    if (!m) continue;
    const depth = Math.round(m[1]!.length / 4);
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack[depth] = path;
    for (const method of m[3]!.split(', ')) {
      if (method === 'HEAD') continue;
      // The built web app's files (index.html, hashed assets) are static, the same for everyone.
      if (!path.startsWith('/assets/') && path !== '/index.html') routes.push(`${method} ${path}`);
    }
  }
  return routes;
}

describe('HTTP: every route x every kind of actor', () => {
  let cast: Cast;
  let other: { host: Joined; participantInvite: string };
  let members: Record<'owner' | 'organizer_account' | 'other_member' | 'expired_session', SignedIn>;
  beforeAll(async () => {
    const owner = await setUpOwner(server.app, server.baseUrl);
    const expired = await signInWithPassword(server.baseUrl, owner.account.email);
    (server.app.store as SqliteStore).db.prepare('UPDATE account_sessions SET expires_at = 0 WHERE csrf_token = ?').run(expired.csrf);
    members = {
      owner,
      organizer_account: await addMember(owner, 'organizer', 'Matrix Organizer', 'organizer@example.org'),
      other_member: await addMember(owner, 'moderator', 'Unassigned Moderator', 'moderator@example.org'),
      expired_session: expired,
    };
    cast = await Cast.open(server);
    const otherCall = await createCall(server.baseUrl);
    other = { host: await join(server.baseUrl, otherCall, 'host', 'Other Host'), participantInvite: inviteOf(otherCall.links.participant) };
  });
  afterAll(() => cast?.close());

  test('the matrix names every route the app serves', () => {
    const served = appRoutes();
    expect(served.length).toBeGreaterThan(5);
    const named = new Set([...ROUTES.map((r) => r.split('?')[0]!), ...COVERED_ELSEWHERE]);
    expect(served.filter((r) => !named.has(r))).toEqual([]);
    // Without a built client `GET /*` is the not-found handler's 503, not a route (its row checks it).
    const clientBuilt = existsSync('client/dist/index.html');
    for (const r of named) if (r !== 'GET /*' || clientBuilt) expect(served).toContain(r);
  });

  /** The credentials an actor holds: their session (as a bearer), device cookie, invite, LiveKit token. */
  function credentials(c: Cast, actor: HttpActor): { headers: Record<string, string>; invite: string | null; livekitToken: string | null } {
    const browser = (b: SignedIn) => ({ headers: { cookie: b.cookie, 'x-csrf-token': b.csrf, origin: server.baseUrl }, invite: null, livekitToken: null });
    const person = (j: Joined, role: 'host' | 'moderator' | 'speaker' | 'participant') => ({
      headers: { authorization: `Bearer ${j.sessionToken}`, ...(j.device ? { cookie: `caucus_device=${j.device}` } : {}) },
      invite: j.invite ?? inviteOf(c.created.links[role]),
      livekitToken: j.livekit?.token ?? null,
    });
    switch (actor) {
      case 'host':
      case 'moderator':
      case 'speaker':
      case 'participant':
        return person(c[actor].joined, actor);
      case 'lobby_waiter':
        return person(c.waiter.joined, 'participant');
      case 'removed':
        return person(c.removed, 'moderator');
      case 'banned':
        return person(c.banned, 'moderator');
      case 'anonymous':
        return { headers: {}, invite: inviteOf(c.created.links.participant), livekitToken: null };
      case 'bad_session':
        return { headers: { authorization: `Bearer ${'f'.repeat(43)}` }, invite: 'x'.repeat(43), livekitToken: null };
      case 'other_call':
        return { headers: { authorization: `Bearer ${other.host.sessionToken}` }, invite: other.participantInvite, livekitToken: null };
      case 'organizer':
        return { headers: { authorization: `Bearer ${ORGANIZER_KEY}` }, invite: inviteOf(c.created.links.participant), livekitToken: null };
      case 'owner':
      case 'organizer_account':
      case 'other_member':
      case 'expired_session':
        return browser(members[actor]);
      case 'revoked_invitation': {
        const j = revoked.get(c)!;
        return { headers: { authorization: `Bearer ${j.sessionToken}`, cookie: `caucus_device=${j.device}` }, invite: j.invite, livekitToken: j.livekit?.token ?? null };
      }
    }
  }

  /** A guest speaker of this call whose personal invitation was revoked after they joined. */
  const revoked = new Map<Cast, Joined>();
  async function castWithRevoked(c: Cast): Promise<Cast> {
    if (revoked.has(c)) return c;
    const j = await join(server.baseUrl, c.created, 'speaker', 'Revoked Speaker');
    const list = await api(server.baseUrl, 'GET', `/api/calls/${c.callId}/invitations`, undefined, { authorization: `Bearer ${ORGANIZER_KEY}` });
    const inv = (list.json.invitations as { id: string; name: string }[]).find((i) => i.name === 'Revoked Speaker')!;
    const del = await api(server.baseUrl, 'DELETE', `/api/calls/${c.callId}/invitations/${inv.id}`, undefined, { authorization: `Bearer ${ORGANIZER_KEY}` });
    if (del.status !== 204) throw new Error(`revoke: ${del.status}`);
    revoked.set(c, j);
    return c;
  }

  /** A personal invitation made for one request (re-send and revoke act on their own). */
  async function freshInvitation(c: Cast): Promise<string> {
    const res = await api(server.baseUrl, 'POST', `/api/calls/${c.callId}/invitations`, { role: 'speaker', name: 'Matrix Guest' }, { authorization: `Bearer ${ORGANIZER_KEY}` });
    return res.json.id as string;
  }

  let emailCounter = 0;
  const bogus = 'x'.repeat(43);
  const fakeAssertion = {
    ceremony: 'no-such-ceremony',
    response: {
      id: 'AAAA',
      rawId: 'AAAA',
      type: 'public-key',
      clientExtensionResults: {},
      response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' },
    },
  };
  const fakeAttestation = {
    ceremony: 'no-such-ceremony',
    response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' } },
  };

  async function request(c: Cast, route: Route, actor: HttpActor) {
    const { headers, invite, livekitToken } = credentials(c, actor);
    const id = c.callId;
    const call = (method: string, path: string, body?: unknown) => api(server.baseUrl, method, path, body, headers);
    switch (route) {
      case 'GET /api/auth/state':
      case 'GET /api/account':
      case 'GET /api/coalition':
      case 'GET /api/console/calls':
        return [await call('GET', route.slice(4))];
      case 'POST /api/auth/claim':
        return [await call('POST', '/api/auth/claim', { token: bogus, name: 'Claimer', email: 'claimer@example.org' })];
      case 'POST /api/auth/password':
        // One email per try: the per-account throttle is another test's subject.
        return [await call('POST', '/api/auth/password', { email: `guess${emailCounter++}@example.org`, password: 'not the password' })];
      case 'POST /api/auth/passkey/options':
      case 'POST /api/account/passkeys/options':
      case 'POST /api/account/sign-out-everywhere':
        return [await call('POST', route.slice(5))];
      case 'POST /api/auth/passkey':
        return [await call('POST', '/api/auth/passkey', fakeAssertion)];
      case 'POST /api/auth/sign-out': {
        // A session of the same account made for this request: the actor's own must live on.
        const own = actor in members && actor !== 'expired_session' ? await signInWithPassword(server.baseUrl, members[actor as keyof typeof members].account.email) : null;
        const h = own ? { cookie: own.cookie, 'x-csrf-token': own.csrf, origin: server.baseUrl } : headers;
        return [await api(server.baseUrl, 'POST', '/api/auth/sign-out', undefined, h)];
      }
      case 'POST /api/account/passkeys':
        return [await call('POST', '/api/account/passkeys', fakeAttestation)];
      case 'DELETE /api/account/passkeys/:id':
      case 'DELETE /api/account/sessions/:id':
      case 'DELETE /api/account/tokens/:id':
      case 'DELETE /api/coalition/invitations/:id':
      case 'DELETE /api/coalition/members/:id':
        return [await call('DELETE', route.slice(7).replace(':id', 'nope'))];
      case 'PUT /api/account/password':
        return [await call('PUT', '/api/account/password', { current: PASSWORD, password: PASSWORD })];
      case 'POST /api/account/tokens':
        return [await call('POST', '/api/account/tokens', { name: `matrix ${actor}` })];
      case 'POST /api/coalition/invitations':
        return [await call('POST', '/api/coalition/invitations', { role: 'moderator', name: 'Matrix Member' })];
      case 'PUT /api/coalition/members/:id':
        return [await call('PUT', '/api/coalition/members/nope', { role: 'organizer' })];
      case 'GET /api/console/calls/:id':
        return [await call('GET', `/api/console/calls/${id}`)];
      case 'GET /api/console/calls/:id/audit':
        return [await call('GET', `/api/console/calls/${id}/audit`)];
      case 'GET /api/console/bans':
        return [await call('GET', '/api/console/bans?all=1')];
      case 'POST /api/console/bans/:id/lift':
      case 'POST /api/console/bans/:id/widen':
        return [await call('POST', route.slice(5).replace(':id', 'nope'))];
      case 'PATCH /api/calls/:id':
        return [await call('PATCH', `/api/calls/${id}`, { title: 'Coalition call' })];
      case 'POST /api/calls/:id/close': {
        // Each try on a call of its own: closing one twice would be a 409, not an authorization answer.
        const fresh = await createCall(server.baseUrl);
        return [await call('POST', `/api/calls/${fresh.call.id}/close`)];
      }
      case 'POST /api/calls/:id/invitations':
        return [await call('POST', `/api/calls/${id}/invitations`, { role: 'speaker', name: 'Invited Guest' })];
      case 'GET /api/calls/:id/invitations':
        return [await call('GET', `/api/calls/${id}/invitations`)];
      case 'POST /api/calls/:id/invitations/:invitationId/resend':
        return [await call('POST', `/api/calls/${id}/invitations/${await freshInvitation(c)}/resend`)];
      case 'DELETE /api/calls/:id/invitations/:invitationId':
        return [await call('DELETE', `/api/calls/${id}/invitations/${await freshInvitation(c)}`)];
      case 'POST /api/calls/:id/registrations':
        return [await call('POST', `/api/calls/${id}/registrations`, { name: 'Reg', email: `reg${emailCounter++}@example.org` })];
      case 'POST /calls/:id/register':
        return [await call('POST', `/calls/${id}/register`, { name: 'Reg', email: `reg${emailCounter++}@example.org` })];
      case 'GET /registrations/:token':
      case 'GET /registrations/:token/cancel':
        return [await call('GET', route.slice(4).replace(':token', bogus))];
      case 'POST /registrations/:token/confirm':
      case 'POST /registrations/:token/resend':
      case 'POST /registrations/:token/cancel':
        return [await call('POST', route.slice(5).replace(':token', bogus))];
      case 'POST /registrations/:token/change':
        return [await call('POST', `/registrations/${bogus}/change`, { name: 'New Name' })];
      case 'GET /api/console/orgs':
      case 'GET /api/console/series':
      case 'GET /api/console/outbox':
      case 'GET /api/console/privacy':
        return [await call('GET', route.slice(4))];
      case 'POST /api/console/orgs':
        return [await call('POST', '/api/console/orgs', { name: `Matrix Org ${actor}`, weight: 2 })];
      case 'PUT /api/console/orgs/:id':
        return [await call('PUT', '/api/console/orgs/nope', { name: 'Renamed', weight: 1 })];
      case 'DELETE /api/console/orgs/:id':
        return [await call('DELETE', '/api/console/orgs/nope')];
      case 'POST /api/console/series':
        return [await call('POST', '/api/console/series', { name: `Matrix series ${actor}` })];
      case 'GET /api/console/series/:id/attendance':
        return [await call('GET', '/api/console/series/nope/attendance')];
      case 'GET /api/console/calls/:id/registration':
      case 'GET /api/console/calls/:id/attendance':
        return [await call('GET', route.slice(4).replace(':id', id))];
      case 'PUT /api/console/calls/:id/registration':
        return [await call('PUT', `/api/console/calls/${id}/registration`, { access: 'open', registration: true, capacity: null, reminders: [60], questions: [], seriesId: null })];
      case 'POST /api/console/calls/:id/registrations/:registrationId/resend':
        return [await call('POST', `/api/console/calls/${id}/registrations/nope/resend`)];
      case 'DELETE /api/console/calls/:id/registrations/:registrationId':
        return [await call('DELETE', `/api/console/calls/${id}/registrations/nope`)];
      case 'PUT /api/console/privacy':
        return [await call('PUT', '/api/console/privacy', { retentionDays: 180 })];
      case 'GET /api/console/privacy/person':
        return [await call('GET', '/api/console/privacy/person?email=nobody%40example.org')];
      case 'POST /api/console/privacy/erase':
        return [await call('POST', '/api/console/privacy/erase', { email: 'nobody@example.org' })];
      case 'GET /healthz':
        return [await api(server.baseUrl, 'GET', '/healthz', undefined, headers)];
      case 'GET /readyz':
      case 'GET /metrics':
      case 'GET /':
      case 'GET /schedule.js':
      case 'GET /schedule.css':
      case 'GET /api/schedule':
        return [await api(server.baseUrl, 'GET', route.slice(4), undefined, headers)];
      case 'GET /*':
        return [await api(server.baseUrl, 'GET', `/c/${id}`, undefined, headers)];
      case 'GET /calls/:id':
        return [await api(server.baseUrl, 'GET', `/calls/${id}`, undefined, headers)];
      case 'GET /calls/:id/calendar.ics':
        return [await api(server.baseUrl, 'GET', `/calls/${id}/calendar.ics`, undefined, headers)];
      case 'PUT /api/calls/:id/schedule':
        // Private, as it was: the allowed change rotates no link the other rows rely on.
        return [await api(server.baseUrl, 'PUT', `/api/calls/${id}/schedule`, { public: false, description: 'Agenda: <b>budget</b>' }, headers)];
      case 'POST /api/livekit/webhook': {
        const body = JSON.stringify({ event: 'participant_joined', room: { name: id }, participant: { identity: c.banned.identity }, id: 'EV_x', createdAt: '1' });
        const wh = { ...headers, 'content-type': 'application/webhook+json' };
        const tries = [await api(server.baseUrl, 'POST', '/api/livekit/webhook', body, wh)];
        if (livekitToken) tries.push(await api(server.baseUrl, 'POST', '/api/livekit/webhook', body, { ...wh, authorization: livekitToken }));
        return tries;
      }
      case 'POST /api/calls':
        return [await api(server.baseUrl, 'POST', '/api/calls', { title: 'Mine now' }, headers)];
      case 'GET /api/calls/:id':
        return [await api(server.baseUrl, 'GET', `/api/calls/${id}`, undefined, headers)];
      case 'POST /api/calls/:id/join': {
        const { authorization: _drop, ...cookieOnly } = headers;
        return [await joinRaw(server.baseUrl, id, { ...(invite !== null ? { invite } : {}), name: `Again ${actor}` }, { headers: cookieOnly })];
      }
      case 'POST /api/calls/:id/token':
        return [await api(server.baseUrl, 'POST', `/api/calls/${id}/token`, undefined, headers)];
      case 'POST /api/calls/:id/invites/:role':
        // Only the participant link is shared (staff have personal invitations); no other row uses it.
        return [await api(server.baseUrl, 'POST', `/api/calls/${id}/invites/participant`, undefined, headers)];
      case 'POST /api/calls/:id/end':
        return [await api(server.baseUrl, 'POST', `/api/calls/${id}/end`, undefined, headers)];
      case 'GET /api/calls/:id/audit':
        return [await api(server.baseUrl, 'GET', `/api/calls/${id}/audit`, undefined, headers)];
      case 'GET /api/calls/:id/audit?format=csv':
        return [await api(server.baseUrl, 'GET', `/api/calls/${id}/audit?format=csv`, undefined, headers)];
    }
  }

  /** Routes that change the call for everyone get a cast of their own. */
  // Rotating the participant link revokes the sessions of people not present (the lobby waiter).
  const DESTRUCTIVE: readonly Route[] = ['POST /api/calls/:id/join', 'POST /api/calls/:id/end', 'POST /api/calls/:id/invites/:role'];

  test.for([...ROUTES])('%s', async (route) => {
    const own = await castWithRevoked(DESTRUCTIVE.includes(route) ? await Cast.open(server) : cast);
    try {
      // Refusals first, so an allowed end or rejoin cannot change what the others meet.
      const allowed = (a: HttpActor) => typeof HTTP_MATRIX[route][a] === 'number';
      const order = [...HTTP_ACTORS.filter((a) => !allowed(a)), ...HTTP_ACTORS.filter(allowed)];
      for (const actor of order) {
        const expected: Expected = HTTP_MATRIX[route][actor];
        const [status, code] = typeof expected === 'number' ? [expected, null] : expected;
        const seq = own.seq;
        for (const res of await request(own, route, actor)) {
          expect(res.status, `${route} by ${actor}: ${JSON.stringify(res.json).slice(0, 200)}`).toBe(status);
          if (code) expect(res.json.error.code, `${route} by ${actor}`).toBe(code);
        }
        // A refused request changes nothing in the call.
        if (status >= 400) expect(own.seq, `${route} by ${actor} changed the call`).toBe(seq);
      }
    } finally {
      if (own !== cast) own.close();
    }
  });

  test('what the allowed audit readers get never includes device or IP fingerprints', async () => {
    const res = await api(server.baseUrl, 'GET', `/api/calls/${cast.callId}/audit`, undefined, { authorization: `Bearer ${cast.host.joined.sessionToken}` });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).not.toMatch(/"device"|"ipHash"/);
    expect(res.json.events.some((e: { type: string }) => e.type === 'member_banned')).toBe(true);
  });
});
