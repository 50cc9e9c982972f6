// Fuzzing the real server (real websockets, HTTP, SQLite and LiveKit) with fast-check: at least
// 10,000 random and malformed frames and request bodies per run, all at once:
//   - unauthenticated sockets sending malformed frames (fast-check shrinks a failing batch),
//   - thirty members (host, moderators, speakers, participants) sending valid commands
//     interleaved with malformed ones; removed or banned members come back with a fresh identity
//     (a troll clearing cookies) or fall back to an unauthenticated socket,
//   - HTTP bodies for POST /api/calls, /join, PUT /schedule (whose server-rendered pages must
//     escape every hostile text) and the LiveKit webhook (signed, unsigned, forged).
// Every bad frame gets a typed error (its code in ERROR_CODES, the one parseClientFrame predicts),
// every frame the server sends fits the protocol, and the server never fails. Afterwards: the
// state's invariants hold, no banned identity was let in, replaying the stored event log gives
// exactly the room's state, and every member's folded view equals what a snapshot would show.
//
// FUZZ_RUNS scales every count (npm run fuzz); FUZZ_SEED replays a run.
import {
  CLOSE_CODES,
  callSettingsSchema,
  ERROR_CODES,
  fold,
  initialState,
  parseClientFrame,
  roleMayIssue,
  roleOf,
  viewFor,
  WIRE_COMMAND_TYPES,
  POLL_COMMANDS,
  VOTE_COMMANDS,
  QUESTION_COMMANDS,
  type Event,
} from '@caucus/shared';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { AccessToken } from 'livekit-server-sdk';
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { anyFrame, httpBody, malformedFrame, validCommand } from '../../shared/src/testing/frame-arbitraries';
import { FUZZ_SCALE } from '../../shared/src/testing/fuzz-scale';
import { logViolations, stateViolations } from '../../shared/src/testing/invariants';
import { rng } from '../../shared/src/testing/random';
import { setUpOwner, type SignedIn } from '../../test/accounts';
import { api, createCall, invite, inviteOf, join, joinRaw, type CreatedCall, type Joined, type RoleName } from '../../test/api';
import { ORGANIZER_KEY, startTestServer, type TestServer } from '../../test/server';
import { TestClient } from '../../test/ws-client';
import { HTTP_ERROR_CODES } from '../src/http/errors';
import { hashSecret } from '../src/calls/secrets';
import { checkSession } from '../src/routes/session-auth';
import { FuzzSocket, MODERATION_CLOSES, Pacer, WS_MAX_PAYLOAD } from './support/fuzz-socket';

const SCALE = FUZZ_SCALE;
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Unauthenticated sockets, each sending one batch inside the rate limit's burst. */
const RAW_BATCH = 38;
const RAW_SOCKETS = 100 * SCALE;
/** Frames from members (valid commands interleaved with malformed ones). */
const MEMBER_FRAMES = 2600 * SCALE;
/** HTTP requests: per route, runs of concurrent bodies. */
const HTTP_BATCH = 12;
const HTTP_RUNS = 100 * SCALE;
const MIN_TOTAL = 10_000 * SCALE;

const TIMEOUT = 240_000 * SCALE;
const codes: readonly string[] = ERROR_CODES;
const httpCodes: readonly string[] = HTTP_ERROR_CODES;

/** Placeholders the generators use for people; swapped for live identities when a frame is sent. */
const PLACEHOLDERS = Array.from({ length: 10 }, (_, i) => `p_TARGET${i}`);
const SLOT_ROLES: RoleName[] = ['host', ...Array<RoleName>(3).fill('moderator'), ...Array<RoleName>(3).fill('speaker'), ...Array<RoleName>(23).fill('participant')];

let server: TestServer;
let created: CreatedCall;
/** A second call whose public schedule is fuzzed (going public rotates the participant link). */
let announced: CreatedCall;
/** The coalition's owner, signed in: the console's cookie-authenticated bodies are fuzzed as them. */
let owner: SignedIn;
const problems: string[] = [];
const counts = { raw: 0, member: 0, http: 0, rateLimited: 0, cutOff: 0, reincarnations: 0 };
/** Every session the fuzzers obtained, to check afterwards that banned ones get nothing. */
const sessions: Joined[] = [];
const slots: Slot[] = [];

beforeAll(async () => {
  server = await startTestServer();
  created = await createCall(server.baseUrl, { speakingLimitSec: 8 });
  announced = await createCall(server.baseUrl);
  owner = await setUpOwner(server.app, server.baseUrl);
});
afterAll(async () => {
  for (const s of slots) s.socket?.client.close();
  await server?.close();
});

const note = (where: string, list: readonly string[]) => {
  for (const p of list.slice(0, 20)) problems.push(`[${where}] ${p}`);
};

// --- members ------------------------------------------------------------------------------------

interface Slot {
  role: RoleName;
  joined: Joined | null;
  socket: FuzzSocket | null;
}

async function enter(role: RoleName, name: string): Promise<{ joined: Joined; socket: FuzzSocket } | null> {
  // No device cookie: every (re)entry is a new browser, as a troll clearing cookies would be.
  // Staff come in through personal invitations, one per entry (one invitation admits one browser).
  const link = role === 'participant' ? created.links.participant : (await invite(server.baseUrl, created.call.id, role, name)).link;
  const res = await joinRaw(server.baseUrl, created.call.id, { invite: inviteOf(link), name });
  if (res.status !== 200) return null;
  const joined = { ...res.json, device: null } as Joined;
  sessions.push(joined);
  const client = await TestClient.connect(server.baseUrl, created.call.id, joined.sessionToken);
  // Another fuzzer may remove or deny the newcomer before the snapshot: then this slot goes on unauthenticated.
  await client.waitFor((f) => f.type === 'snapshot' || f.type === 'error').catch(() => null);
  if (client.closed || !client.you) return null;
  return { joined, socket: new FuzzSocket(client, true, new Pacer()) };
}

/** A socket that never says hello. A fresh one may use the whole burst (40) at once. */
async function rawSocket(pacer = new Pacer(RAW_BATCH, 14)): Promise<FuzzSocket> {
  return new FuzzSocket(await TestClient.connect(server.baseUrl, created.call.id, null), false, pacer);
}

/** Live identities (plus two nobody has) for the placeholders. */
function peoplePool(): string[] {
  const live = slots.map((s) => s.joined?.identity).filter((x): x is string => !!x);
  return [...live, 'p_ghost1', 's_ghost2'];
}

function instantiate(template: string, r: ReturnType<typeof rng>, slot: Slot): string {
  const pool = peoplePool();
  let raw = template.replace(/p_TARGET(\d)/g, () => r.pick(pool));
  // IP bans hit every participant behind this test's one address: keep them rare.
  if (raw.includes('"ip":true') && r.chance(0.9)) raw = raw.replace('"ip":true', '"ip":false');
  const chat = slot.socket?.client.state?.chat ?? [];
  if (chat.length && raw.includes('"messageId":"m_1"')) raw = raw.replace('"messageId":"m_1"', `"messageId":"${r.pick(chat).id}"`);
  // Polls, votes and questions this member knows of, so answers, ballots and upvotes land.
  const known = slot.socket?.client.state;
  const lists: Array<[string, readonly { id: string }[] | undefined]> = [['pollId', known?.polls], ['voteId', known?.votes], ['questionId', known?.questions]];
  for (const [field, list] of lists) {
    if (list?.length && raw.includes(`"${field}":"x1"`)) raw = raw.replace(`"${field}":"x1"`, `"${field}":"${r.pick(list).id}"`);
  }
  // Ending the call would end the fuzzing: the authorization matrix covers end_call.
  const parsed = parseClientFrame(raw);
  if (parsed.ok && parsed.frame.type === 'end_call') return '{"type":"ping"}';
  // The raid shield sends every recent arrival (here: nearly everyone) to the lobby: keep it rare,
  // and lifted often, so the run still moderates a live call (the shield's tests cover it whole).
  if (parsed.ok && parsed.frame.type === 'raise_shield' && r.chance(0.7)) return '{"type":"lift_shield"}';
  return raw;
}

async function runSlot(slot: Slot, index: number, budget: { left: number }, templates: readonly string[][]): Promise<void> {
  const r = rng(SEED + index);
  let i = index * 97;
  while (budget.left > 0) {
    if (!slot.socket || slot.socket.closed) {
      const closed = slot.socket?.closed;
      if (slot.socket) {
        note(`member ${index}`, slot.socket.problems);
        slot.socket.problems.length = 0;
        const expected = slot.socket.authenticated ? MODERATION_CLOSES.has(closed!.code) : closed!.code === 4001;
        if (!expected) problems.push(`[member ${index}] socket closed unexpectedly: ${JSON.stringify(closed)}`);
      }
      // Back in with a fresh identity if the call lets us (not banned by IP, not locked...).
      const again = slot.role !== 'host' ? await enter(slot.role, `Again ${index}-${i}`) : null;
      if (again) {
        counts.reincarnations++;
        slot.joined = again.joined;
        slot.socket = again.socket;
      } else {
        slot.joined = null;
        slot.socket = await rawSocket(new Pacer());
      }
    }
    const socket = slot.socket;
    // Staff alternate between staff commands and everything else, so moderation really happens.
    const list = templates[isStaffRole(slot.role) && i % 2 === 0 ? 1 : 0]!;
    const raw = instantiate(list[i++ % list.length]!, r, slot);
    if (!socket.authenticated) {
      const p = parseClientFrame(raw);
      if (p.ok && p.frame.type === 'hello') continue;
    }
    budget.left--;
    counts.member++;
    const outcome = await socket.send(raw);
    if (outcome === 'rate_limited') counts.rateLimited++;
    if (outcome === 'cut_off') counts.cutOff++;
  }
  if (slot.socket) note(`member ${index}`, slot.socket.problems);
}

const isStaffRole = (role: RoleName) => role === 'host' || role === 'moderator';

async function membersStorm(): Promise<void> {
  const entered = await Promise.all(SLOT_ROLES.map((role, i) => enter(role, `${role} ${i}`)));
  entered.forEach((e, i) => slots.push({ role: SLOT_ROLES[i]!, joined: e?.joined ?? null, socket: e?.socket ?? null }));
  expect(entered.every((e) => e !== null)).toBe(true);
  // Mostly valid commands, so the call really moves (hands, floors, bans, lobby, suspensions).
  // Polls, votes and questions get their own share, so the older families keep theirs.
  const deciding = new Set<string>([...POLL_COMMANDS, ...VOTE_COMMANDS, ...QUESTION_COMMANDS].map((s) => s.shape.type.value));
  const general = fc.sample(
    fc.oneof(
      { arbitrary: validCommand(PLACEHOLDERS, { types: WIRE_COMMAND_TYPES.filter((t) => !deciding.has(t)) }).map((c) => JSON.stringify(c)), weight: 6 },
      { arbitrary: validCommand(PLACEHOLDERS, { types: WIRE_COMMAND_TYPES.filter((t) => deciding.has(t)) }).map((c) => JSON.stringify(c)), weight: 2 },
      { arbitrary: anyFrame(PLACEHOLDERS), weight: 3 },
      { arbitrary: fc.constant('{"type":"hello","protocol":1,"sessionToken":"again"}'), weight: 1 },
    ),
    { numRuns: 1500, seed: SEED },
  );
  const staffOnly = WIRE_COMMAND_TYPES.filter((t) => !roleMayIssue('participant', t));
  const staff = fc.sample(validCommand(PLACEHOLDERS, { types: staffOnly }).map((c) => JSON.stringify(c)), { numRuns: 500, seed: SEED + 1 });
  const budget = { left: MEMBER_FRAMES };
  await Promise.all(slots.map((slot, i) => runSlot(slot, i, budget, [general, staff])));
}

// --- unauthenticated sockets --------------------------------------------------------------------

async function rawStorm(): Promise<void> {
  const runs = Math.ceil(RAW_SOCKETS / 4);
  const ending = fc.constantFrom('none', 'none', 'none', 'oversize', 'bad_utf8') as fc.Arbitrary<'none' | 'oversize' | 'bad_utf8'>;
  const frames = malformedFrame(PLACEHOLDERS).filter((raw) => {
    const p = parseClientFrame(raw);
    return !(p.ok && p.frame.type === 'hello');
  });
  const property = fc.asyncProperty(fc.array(frames, { minLength: RAW_BATCH, maxLength: RAW_BATCH }), ending, async (batch, end) => {
    const socket = await rawSocket();
    try {
      for (const raw of batch) {
        counts.raw++;
        const outcome = await socket.send(raw);
        if (outcome === 'rate_limited') counts.rateLimited++;
        if (outcome === 'cut_off') socket.problems.push(`cut off: ${JSON.stringify(socket.closed)}`);
      }
      if (end === 'oversize') {
        counts.raw++;
        await socket.sendExpectingClose(JSON.stringify({ type: 'chat_send', text: 'z'.repeat(WS_MAX_PAYLOAD) }), 1009);
      } else if (end === 'bad_utf8') {
        counts.raw++;
        await socket.sendExpectingClose(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 1007);
      }
      if (socket.problems.length) {
        note('raw socket', socket.problems);
        throw new Error(socket.problems.join('\n'));
      }
    } finally {
      socket.client.close();
    }
  });
  // Four independent streams of sockets at once.
  await Promise.all(
    [0, 1, 2, 3].map(async (k) => {
      try {
        await fc.assert(property, { numRuns: runs, seed: SEED + 1000 + k, endOnFailure: true });
      } catch (err) {
        // The problems themselves are noted above; this says how to replay the run.
        problems.push(`[raw sockets] ${(err as Error).message.split('\n')[0]} (seed ${SEED + 1000 + k})`);
      }
    }),
  );
}

// --- HTTP ---------------------------------------------------------------------------------------

const hostileName = fc.oneof(
  fc.constantFrom('Rosa Parks', 'Host', 'H0st', 'Ηοst', 'Ho\u200Bst', '\u202Eevil', '<script>alert(1)</script>', '', ' ', 'a'.repeat(49), 'x'.repeat(2000)),
  fc.string({ maxLength: 60, unit: 'grapheme' }),
);

function plausibleSettings() {
  return fc.record(
    {
      lobby: fc.oneof(fc.boolean(), fc.constant('yes')),
      passcode: fc.oneof(fc.constant(null), fc.string({ maxLength: 70 })),
      maxParticipants: fc.integer({ min: -5, max: 200_000 }),
      speakingLimitSec: fc.oneof(fc.integer({ min: -5, max: 4000 }), fc.double()),
      queuePolicy: fc.constantFrom('fifo', 'progressive', 'loudest'),
    },
    { requiredKeys: [] },
  );
}

function plausibleCall() {
  return fc.record(
    {
      title: fc.oneof(fc.string({ maxLength: 140 }), fc.constantFrom('Coalition call', '   ', '<b>x</b>')),
      settings: plausibleSettings(),
    },
    { requiredKeys: [] },
  );
}

function plausibleJoin() {
  return fc.record(
    {
      invite: fc.oneof(fc.constantFrom(...Object.values(created.links).map(inviteOf)), fc.string({ maxLength: 300 })),
      name: hostileName,
      passcode: fc.string({ maxLength: 80 }),
    },
    { requiredKeys: ['invite', 'name'] },
  );
}

function plausibleWebhook() {
  return fc.record(
    {
      event: fc.constantFrom('participant_joined', 'participant_left', 'track_published', 'room_finished', 'egress_started', 'x'),
      room: fc.record({ name: fc.oneof(fc.constant(created.call.id), fc.string({ maxLength: 80 })) }),
      participant: fc.record({ identity: fc.oneof(fc.constantFrom(...peoplePool()), fc.string({ maxLength: 80 })) }),
      id: fc.string({ maxLength: 20 }),
      createdAt: fc.oneof(fc.string({ maxLength: 12 }), fc.integer()),
    },
    { requiredKeys: [] },
  );
}

const MARKUP = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>'];

function plausibleSchedule() {
  const text = fc.oneof(fc.constantFrom(...MARKUP, '', 'Budget & agenda', '</title><script>x</script>'), fc.string({ maxLength: 200, unit: 'grapheme' }));
  return fc.record(
    {
      public: fc.oneof(fc.boolean(), fc.constant('true')),
      startsAt: fc.oneof(
        fc.constantFrom('2031-08-06T19:00:00-04:00', '2020-01-01T00:00:00Z', 'tomorrow', '2031-13-45T99:99:99Z', null),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
      ),
      timeZone: fc.constantFrom('America/New_York', 'Europe/Paris', 'UTC', 'Mars/Olympus', '../../etc/passwd', null),
      durationMin: fc.integer({ min: -10, max: 2000 }),
      description: text,
      speakers: fc.array(fc.record({ name: text, bio: text }, { requiredKeys: ['name'] }), { maxLength: 14 }),
    },
    { requiredKeys: [] },
  );
}

function plausibleInvitation() {
  return fc.record(
    {
      role: fc.constantFrom('host', 'moderator', 'speaker', 'participant', 'owner', ''),
      name: fc.oneof(fc.constantFrom(...MARKUP, '', ' ', 'Dr. Sam Speaker'), fc.string({ maxLength: 120, unit: 'grapheme' })),
      accountId: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('__proto__', 'nope')),
    },
    { requiredKeys: [] },
  );
}

const emailish = fc.oneof(fc.constantFrom('owner@example.org', 'OWNER@EXAMPLE.ORG', 'x@y', '', 'a@b.c'.repeat(100)), fc.emailAddress(), fc.string({ maxLength: 300 }));
const b64ish = fc.oneof(fc.base64String({ maxLength: 200 }), fc.string({ maxLength: 200 }), fc.constantFrom('AAAA', '', '__proto__'));

function plausibleSignIn() {
  return fc.record({ email: emailish, password: fc.string({ maxLength: 300 }) }, { requiredKeys: [] });
}

function plausibleClaim() {
  return fc.record(
    { token: fc.oneof(fc.string({ maxLength: 200 }), fc.base64String({ minLength: 43, maxLength: 44 })), name: fc.string({ maxLength: 100 }), email: emailish, password: fc.string({ maxLength: 300 }) },
    { requiredKeys: [] },
  );
}

function plausibleAssertion() {
  return fc.record(
    {
      ceremony: fc.string({ maxLength: 80 }),
      response: fc.record(
        {
          id: b64ish,
          rawId: b64ish,
          type: fc.constantFrom('public-key', 'password'),
          clientExtensionResults: fc.constantFrom({}, null, []),
          response: fc.record({ clientDataJSON: b64ish, authenticatorData: b64ish, signature: b64ish, userHandle: b64ish }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  );
}

function plausibleMemberInvitation() {
  return fc.record({ role: fc.constantFrom('organizer', 'moderator', 'owner', 'admin'), name: fc.oneof(fc.string({ maxLength: 100 }), fc.constantFrom(...MARKUP)) }, { requiredKeys: [] });
}

function plausibleEdit() {
  return fc.record({ title: fc.oneof(fc.string({ maxLength: 150 }), fc.constantFrom(...MARKUP)), settings: plausibleSettings() }, { requiredKeys: [] });
}

/** Server-rendered pages must never carry a hostile name or description as markup. */
async function pagesEscape(callId: string): Promise<string | null> {
  for (const path of ['/', `/calls/${callId}`, `/calls/${callId}/calendar.ics`, '/api/schedule']) {
    const res = await fetch(`${server.baseUrl}${path}`);
    const text = await res.text();
    if (res.status >= 500) return `GET ${path} -> ${res.status}`;
    const raw = MARKUP.find((m) => text.includes(m) && !path.startsWith('/api/') && !path.endsWith('.ics'));
    if (raw) return `GET ${path} carries ${raw} unescaped`;
  }
  return null;
}

async function sign(body: string, secret: string): Promise<string> {
  const at = new AccessToken(inject('livekit').apiKey, secret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

/** A ban of the fuzzed call in force right now, or an id that is not there. */
function liveBanId(): string {
  const live = server.app.bans.store.list({ all: false, callId: created.call.id, limit: 50 }, Date.now());
  return live.length > 0 ? live[Math.floor(Math.random() * live.length)]!.id : 'none-yet';
}

interface HttpTry {
  method?: 'POST' | 'PUT' | 'PATCH';
  /** Extra headers (a session cookie, its CSRF token, the Origin). */
  headers?: Record<string, string>;
  path: string;
  body: string;
  contentType: string | null;
  authorization: string | null;
  /** Statuses this request may get (never a 5xx). */
  allowed: readonly number[];
}

async function httpCheck(t: HttpTry): Promise<string | null> {
  const failure = await httpCheckOne(t);
  if (failure || !t.path.endsWith('/schedule')) return failure;
  return pagesEscape(announced.call.id);
}

async function httpCheckOne(t: HttpTry): Promise<string | null> {
  counts.http++;
  const headers: Record<string, string> = {};
  if (t.contentType) headers['content-type'] = t.contentType;
  if (t.authorization) headers.authorization = t.authorization;
  Object.assign(headers, t.headers);
  const res = await api(server.baseUrl, t.method ?? 'POST', t.path, t.body, headers);
  const what = `${t.method ?? 'POST'} ${t.path.slice(0, 80)} ${t.contentType} ${t.body.slice(0, 120)}${t.body.length > 120 ? `...(${t.body.length})` : ''}`;
  if (!t.allowed.includes(res.status)) return `${what} -> ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`;
  if (res.status >= 400) {
    const code = res.json?.error?.code;
    if (!httpCodes.includes(code) || typeof res.json.error.message !== 'string') return `${what} -> untyped error ${JSON.stringify(res.json).slice(0, 300)}`;
  }
  return null;
}

async function httpStorm(): Promise<void> {
  const lk = inject('livekit');
  const jsonType = fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 8 },
    { arbitrary: fc.constantFrom(null, 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data; boundary=x'), weight: 1 },
  );
  const callId = fc.oneof(
    { arbitrary: fc.constant(created.call.id), weight: 8 },
    { arbitrary: fc.oneof(fc.string({ minLength: 1, maxLength: 100 }), fc.constantFrom('__proto__', 'constructor', '..%2F..%2Fetc', 'x'.repeat(300))), weight: 1 },
  );
  const run = async (name: string, arb: fc.Arbitrary<HttpTry | Promise<HttpTry>>, seed: number, runs = HTTP_RUNS) => {
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(arb, { minLength: HTTP_BATCH, maxLength: HTTP_BATCH }), async (tries) => {
          const failures = (await Promise.all(tries.map(async (t) => httpCheck(await t)))).filter((x) => x !== null);
          if (failures.length) {
            note(`http ${name}`, failures);
            throw new Error(failures.join('\n'));
          }
        }),
        { numRuns: runs, seed, endOnFailure: true },
      );
    } catch (err) {
      problems.push(`[http ${name}] ${(err as Error).message.split('\n')[0]} (seed ${seed})`);
    }
  };
  await Promise.all([
    run(
      'create call',
      fc.tuple(httpBody(plausibleCall()), jsonType, fc.constantFrom(`Bearer ${ORGANIZER_KEY}`, `Bearer ${ORGANIZER_KEY}`, null, 'Bearer nope', ORGANIZER_KEY)).map(([body, contentType, authorization]) => ({
        path: '/api/calls',
        body,
        contentType,
        authorization,
        allowed: [201, 400, 401, 413, 415],
      })),
      SEED + 2000,
    ),
    run(
      'join',
      fc.tuple(httpBody(plausibleJoin()), jsonType, callId, fc.constantFrom('ok', 'ok', 'ok', 'ok', 'raw')).map(([body, contentType, id, encoding]) => ({
        // Sometimes a path the router itself refuses: bad percent-encoding, over-long parameters.
        path: encoding === 'raw' ? `/api/calls/${id.replace(/[^A-Za-z0-9%]/g, '%')}%E0%A4%A/join` : `/api/calls/${encodeURIComponent(id)}/join`,
        body,
        contentType,
        authorization: null,
        // 401: no invite and no signed-in account.
        allowed: [200, 400, 401, 403, 404, 409, 413, 415, 429],
      })),
      SEED + 3000,
    ),
    run(
      'schedule',
      fc.tuple(httpBody(plausibleSchedule()), jsonType, fc.constantFrom(`Bearer ${ORGANIZER_KEY}`, `Bearer ${ORGANIZER_KEY}`, `Bearer ${ORGANIZER_KEY}`, null, 'Bearer nope')).map(([body, contentType, authorization]) => ({
        method: 'PUT' as const,
        path: `/api/calls/${announced.call.id}/schedule`,
        body,
        contentType,
        authorization,
        allowed: [200, 400, 401, 413, 415],
      })),
      SEED + 5000,
      HTTP_RUNS / 4,
    ),
    run(
      'personal invitation',
      fc.tuple(httpBody(plausibleInvitation()), jsonType, fc.constantFrom(`Bearer ${ORGANIZER_KEY}`, `Bearer ${ORGANIZER_KEY}`, null, 'Bearer caucus_pat_nope')).map(([body, contentType, authorization]) => ({
        path: `/api/calls/${announced.call.id}/invitations`,
        body,
        contentType,
        authorization,
        allowed: [201, 400, 401, 404, 409, 413, 415],
      })),
      SEED + 6000,
      HTTP_RUNS / 4,
    ),
    run(
      'sign-in and claim',
      fc
        .tuple(
          fc.constantFrom('/api/auth/password', '/api/auth/claim', '/api/auth/passkey'),
          fc.constantFrom('password', 'claim', 'passkey').chain((k) => httpBody(k === 'password' ? plausibleSignIn() : k === 'claim' ? plausibleClaim() : plausibleAssertion())),
          jsonType,
        )
        .map(([path, body, contentType]) => ({ path, body, contentType, authorization: null, allowed: [400, 401, 403, 413, 415, 429] })),
      SEED + 7000,
      HTTP_RUNS / 4,
    ),
    run(
      'console (signed in)',
      fc
        .tuple(
          fc.constantFrom(
            ['POST', '/api/coalition/invitations', plausibleMemberInvitation()] as const,
            ['PATCH', `/api/calls/${announced.call.id}`, plausibleEdit()] as const,
            ['POST', '/api/account/tokens', fc.record({ name: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom(...MARKUP)) }, { requiredKeys: [] })] as const,
            // The coalition's ban list: lift and widen a ban of the fuzzed call (or one that is not there).
            ['POST', '/api/console/bans/LIVE/lift', fc.record({}, { requiredKeys: [] })] as const,
            ['POST', '/api/console/bans/LIVE/widen', fc.record({}, { requiredKeys: [] })] as const,
            ['POST', '/api/console/bans/nope/lift', fc.record({ id: fc.string({ maxLength: 80 }) }, { requiredKeys: [] })] as const,
          ),
          fc.constantFrom('csrf', 'csrf', 'csrf', 'none', 'foreign'),
          jsonType,
        )
        .chain(([[method, path, plausible], csrf, contentType]) =>
          httpBody(plausible as fc.Arbitrary<Record<string, unknown>>).map((body) => ({
            method,
            path: path.replace('LIVE', () => liveBanId()),
            body,
            contentType,
            authorization: null,
            headers: {
              cookie: owner.cookie,
              origin: csrf === 'foreign' ? 'https://evil.example' : server.baseUrl,
              ...(csrf === 'none' ? {} : { 'x-csrf-token': owner.csrf }),
            },
            // Without the CSRF token (or from elsewhere) nothing changes: 403 (or 400/415 from the body parser first).
            allowed: csrf === 'csrf' ? [200, 201, 400, 404, 409, 413, 415] : [400, 403, 413, 415],
          })),
        ),
      SEED + 8000,
      HTTP_RUNS / 4,
    ),
    run(
      'webhook',
      fc
        .tuple(httpBody(plausibleWebhook()), fc.constantFrom('signed', 'signed', 'none', 'garbage', 'forged', 'other_body'), fc.constantFrom('application/webhook+json', 'application/webhook+json', 'application/json', 'text/plain'))
        .map(async ([body, auth, contentType]): Promise<HttpTry> => {
          const authorization =
            auth === 'signed'
              ? await sign(body, lk.apiSecret)
              : auth === 'forged'
                ? await sign(body, 'an-attacker-secret-of-32-characters!!')
                : auth === 'other_body'
                  ? await sign(`${body} `, lk.apiSecret)
                  : auth === 'garbage'
                    ? 'Bearer x.y.z'
                    : null;
          // Only a body signed with our key over these exact bytes may be acted on.
          const allowed = auth === 'signed' ? [200, 400, 401, 413, 415] : [400, 401, 413, 415];
          return { path: '/api/livekit/webhook', body, contentType, authorization, allowed };
        }),
      SEED + 4000,
    ),
  ]);
}

// --- the run ------------------------------------------------------------------------------------

describe(`fuzzing the real server (seed ${SEED}, FUZZ_RUNS=${SCALE})`, () => {
  test(
    `${MIN_TOTAL}+ random and malformed frames and bodies, all at once: every one gets a typed answer, nothing fails`,
    async () => {
      const started = Date.now();
      const timed = async (name: string, run: () => Promise<void>) => {
        const t0 = Date.now();
        await run();
        console.log(`${name}: ${Date.now() - t0} ms`);
      };
      await Promise.all([timed('members', membersStorm), timed('raw sockets', rawStorm), timed('http', httpStorm)]);
      const total = counts.raw + counts.member + counts.http;
      console.log(`fuzz seed ${SEED}: ${total} frames and bodies in ${Date.now() - started} ms`, counts);
      expect(problems, `seed ${SEED}`).toEqual([]);
      expect(total).toBeGreaterThanOrEqual(MIN_TOTAL);
      expect((await api(server.baseUrl, 'GET', '/healthz')).status).toBe(200);
    },
    TIMEOUT,
  );

  test('afterwards: the invariants hold and no banned identity was let in', async () => {
    const room = server.app.calls.get(created.call.id)!;
    await room.enforcer?.idle();
    expect(stateViolations(room.state), `seed ${SEED}`).toEqual([]);
    const log = server.app.store.readEvents(created.call.id, 0).map((e) => e.event);
    expect(logViolations(log), `seed ${SEED}`).toEqual([]);
    // The run did real moderation, not only refusals.
    const types = new Set(log.map((e) => e.type));
    for (const t of ['hand_raised', 'floor_granted', 'chat_sent', 'member_banned', 'member_removed']) expect(types, `seed ${SEED}: no ${t}`).toContain(t);
    // A banned identity's session gets no LiveKit token and no socket.
    for (const s of sessions.filter((x) => room.state.bans.get(x.identity))) {
      const res = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/token`, undefined, { authorization: `Bearer ${s.sessionToken}` });
      expect(res.status).toBe(403);
      const client = await TestClient.connect(server.baseUrl, created.call.id, s.sessionToken);
      expect((await client.waitClosed()).code).toBe(4004);
    }
  });

  test("afterwards: nobody banned is present: the ban list and the call agree, and no ban holds anyone present or waiting", () => {
    const room = server.app.calls.get(created.call.id)!;
    const all = server.app.bans.store.list({ all: true, limit: 100_000 }, Date.now());
    const live = all.filter((b) => b.liftedAt === null && b.callId === created.call.id);
    // Every ban the call holds is on the list and in force there, and nothing more.
    expect(new Set(live.map((b) => b.identity)), `seed ${SEED}`).toEqual(new Set(room.state.bans.keys()));
    // Nobody present or waiting in any call is held by a ban in force through their identity,
    // account, invitation or browser (the network keeps out newcomers only: see coalition-bans.ts).
    const now = Date.now();
    for (const r of server.app.calls.all()) {
      const people = [
        ...[...r.state.members.values()].filter((m) => m.status === 'present'),
        ...[...r.state.lobby.values()].filter((w) => w.status === 'waiting'),
      ];
      for (const person of people) {
        const match = server.app.bans.check({
          callId: r.callId,
          identity: person.identity,
          role: person.role,
          device: person.device,
          ipHashes: [],
          ...server.app.bans.personOf(r.callId, person.identity),
        });
        if (match && match.ban.expiresAt !== null && match.ban.expiresAt <= now) continue;
        expect(match, `seed ${SEED}: ${person.identity} in ${r.callId} held by ${JSON.stringify(match?.ban)}`).toBeNull();
      }
    }
  });

  test('afterwards: replaying the stored event log from the start gives exactly the room state', () => {
    const db = new Database(server.dbPath, { readonly: true });
    try {
      const call = db.prepare('SELECT settings FROM calls WHERE id = ?').get(created.call.id) as { settings: string };
      const rows = db.prepare('SELECT seq, body FROM events WHERE call_id = ? ORDER BY seq').all(created.call.id) as { seq: number; body: string }[];
      const room = server.app.calls.get(created.call.id)!;
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
      expect(rows.at(-1)?.seq).toBe(room.seq);
      const start = initialState(created.call.id, callSettingsSchema.parse(JSON.parse(call.settings)));
      expect(fold(start, rows.map((r) => JSON.parse(r.body) as Event))).toEqual(room.state);
    } finally {
      db.close();
    }
  });

  test("afterwards: every connected member's folded state is what a snapshot would show them", async () => {
    const room = server.app.calls.get(created.call.id)!;
    const live = slots.map((s) => s.socket).filter((s): s is FuzzSocket => !!s && s.authenticated && !s.closed);
    expect(live.length).toBeGreaterThan(0);
    // Floor timers may still fire: compare once everyone has caught up with the same seq.
    const deadline = Date.now() + 10_000;
    for (;;) {
      await Promise.all(live.map((s) => s.send('{"type":"ping"}')));
      const expectedView = (identity: string) =>
        room.state.lobby.get(identity)?.status === 'waiting'
          ? null
          : JSON.parse(JSON.stringify(viewFor(room.state, { identity, role: roleOf(room.state, identity) ?? 'participant' })));
      // Both in wire form (the folded state keeps members, lobby and bans in persistent maps).
      const folded = (s: FuzzSocket) => JSON.parse(JSON.stringify(s.client.state));
      const lagging = live.filter((s) => !s.closed && !isDeepStrictEqual(folded(s), expectedView(s.client.you!.identity)));
      if (lagging.length === 0) break;
      if (Date.now() > deadline) {
        const s = lagging[0]!;
        expect(folded(s), `seed ${SEED}: ${s.client.you!.identity}`).toEqual(expectedView(s.client.you!.identity));
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});

describe('afterwards: no session outlives its revocation', () => {
  test('rotating the link revokes every participant session whose person is not present, and a revoked session gets nothing', async () => {
    const rotated = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/invites/participant`, undefined, { authorization: `Bearer ${ORGANIZER_KEY}` });
    expect(rotated.status).toBe(200);
    const room = server.app.calls.get(created.call.id)!;
    // Who was present when the link changed (a grace timer may let someone go meanwhile).
    const presentThen = new Set([...room.state.members.values()].filter((m) => m.status === 'present').map((m) => m.identity));
    let refused = 0;
    for (const s of sessions.filter((x) => x.role === 'participant')) {
      const record = server.app.store.findSession(hashSecret(s.sessionToken))!;
      const present = presentThen.has(s.identity);
      expect(record.revokedAt === null, `seed ${SEED}: ${s.identity} (${present ? 'present' : 'not present'})`).toBe(present);
      if (present) continue;
      refused += 1;
      expect(checkSession(server.app, s.sessionToken, created.call.id, record.device).ok).toBe(false);
      const token = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/token`, undefined, { authorization: `Bearer ${s.sessionToken}` });
      expect(token.status).toBe(401);
      const client = await TestClient.connect(server.baseUrl, created.call.id, s.sessionToken);
      expect((await client.waitClosed()).code).toBe(CLOSE_CODES.unauthorized);
      expect(client.frames.some((f) => f.type === 'snapshot')).toBe(false);
    }
    expect(refused).toBeGreaterThan(0);
  });
});
