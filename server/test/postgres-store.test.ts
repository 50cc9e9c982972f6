// The store contract on both engines: every test runs against the embedded SQLite file and against
// a real Postgres 15 (Debian's, started by test/postgres.ts), through the same store code. The
// Postgres-only parts (the worker bridge's limits, two instances migrating at once) follow.
import { DEFAULT_CALL_SETTINGS, type Event } from '@caucus/shared';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startPostgres, type TestPostgres } from '../../test/postgres';
import { openAccountStore } from '../src/accounts/account-store';
import type { BanEntry } from '../src/bans/ban-match';
import { openBanStore } from '../src/bans/ban-store';
import { openMailStore, type NewMailJob } from '../src/registration/mail-store';
import { redactCall } from '../src/registration/privacy';
import { openRegistrationStore } from '../src/registration/registration-store';
import { openStore } from '../src/store/open-store';
import { openPgDatabase } from '../src/store/postgres/pg-database';
import { openPostgresStore } from '../src/store/postgres-store';
import type { SqlDatabase } from '../src/store/sql-database';
import { openSqliteStore } from '../src/store/sqlite-store';
import { StaleEpochError, type CallRecord, type SessionRecord, type Store, type StoredEvent } from '../src/store/store';

type OpenedStore = Store & { db: SqlDatabase };

let postgres: TestPostgres | undefined;
/** Why Postgres did not start (not installed...): every test that needs it fails with this. */
let unavailable: Error | undefined;
const dir = mkdtempSync(join(tmpdir(), 'caucus-stores-'));
const opened: OpenedStore[] = [];

beforeAll(async () => {
  try {
    postgres = await startPostgres();
  } catch (err) {
    unavailable = err as Error;
  }
});
/** The test Postgres, or the reason it is missing as this test's failure (never a skip). */
function pg(): TestPostgres {
  if (!postgres) throw unavailable ?? new Error('Postgres did not start');
  return postgres;
}
afterAll(async () => {
  for (const s of opened) s.close();
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Each engine opens store objects on ONE database: several instances of one deployment. */
const engines: { name: string; open: () => OpenedStore }[] = [
  { name: 'sqlite', open: () => track(openSqliteStore(join(dir, 'caucus.db'))) },
  { name: 'postgres', open: () => track(openPostgresStore(pg().url)) },
];
function track<S extends OpenedStore>(s: S): S {
  opened.push(s);
  return s;
}

let ids = 0;
const uid = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++ids}`;

const callRecord = (id: string, over: Partial<CallRecord> = {}): CallRecord => ({
  id,
  title: 'Coalition call',
  settings: { ...DEFAULT_CALL_SETTINGS, passcode: null },
  createdAt: 1_700_000_000_000,
  endedAt: null,
  schedule: { public: false, startsAt: null, timeZone: null, durationMin: null, description: '', speakers: [] },
  publicInvite: null,
  ...over,
});
const chat = (seq: number, text: string, by = 'p_ana'): StoredEvent => ({
  seq,
  event: { type: 'chat_sent', at: 1_700_000_000_000 + seq, by, id: `m${seq}`, text } as Event,
});
const session = (callId: string, over: Partial<SessionRecord> = {}): SessionRecord => ({
  tokenHash: uid('sess'),
  callId,
  identity: uid('p'),
  role: 'participant',
  name: 'Ana',
  device: 'dev-hash',
  ipHash: null,
  createdAt: 1_700_000_000_000,
  mintedBy: null,
  lastSeenAt: null,
  revokedAt: null,
  org: null,
  registered: false,
  ...over,
});

describe.each(engines)('$name store', ({ open }) => {
  let store: OpenedStore;
  beforeEach(() => {
    store ??= open();
  });

  test('calls: created with their invites, read back whole, listed while open, ended once', () => {
    const id = uid('c');
    const schedule = { public: true, startsAt: 1_800_000_000_000, timeZone: 'Europe/Paris', durationMin: 90, description: 'Budget', speakers: [{ name: 'Ida', bio: 'Treasurer' }] };
    store.createCall(callRecord(id, { schedule, publicInvite: 'pub-invite', settings: { ...DEFAULT_CALL_SETTINGS, passcode: '$argon2id$hash' } }), [
      { tokenHash: uid('inv'), callId: id, role: 'participant', createdAt: 1, revokedAt: null },
    ]);
    expect(store.getCall(id)).toEqual(callRecord(id, { schedule, publicInvite: 'pub-invite', settings: { ...DEFAULT_CALL_SETTINGS, passcode: '$argon2id$hash' } }));
    expect(store.listOpenCalls().map((c) => c.id)).toContain(id);
    expect(store.listPublicCalls(1_700_000_000_000, 500).upcoming.map((c) => c.id)).toContain(id);
    expect(store.listPublicCalls(1_900_000_000_000, 500).recent.map((c) => c.id)).toContain(id);
    store.updateSchedule(id, { ...schedule, public: false }, null);
    expect(store.getCall(id)!.schedule.public).toBe(false);
    store.endCall(id, 5);
    store.endCall(id, 9); // the first end stands
    expect(store.getCall(id)!.endedAt).toBe(5);
    expect(store.listOpenCalls().map((c) => c.id)).not.toContain(id);
    expect(store.getCall('no-such-call')).toBeNull();
  });

  test('a call whose invite cannot be stored is not stored either (one transaction)', () => {
    const id = uid('c');
    const taken = uid('inv');
    const other = uid('c');
    store.createCall(callRecord(other), [{ tokenHash: taken, callId: other, role: 'participant', createdAt: 1, revokedAt: null }]);
    expect(() => store.createCall(callRecord(id), [{ tokenHash: taken, callId: id, role: 'participant', createdAt: 1, revokedAt: null }])).toThrow();
    expect(store.getCall(id)).toBeNull();
  });

  test('invites: found by hash; rotation revokes the live ones of that role and adds the new one', () => {
    const id = uid('c');
    const first = uid('inv');
    store.createCall(callRecord(id), [{ tokenHash: first, callId: id, role: 'participant', createdAt: 1, revokedAt: null }]);
    const second = uid('inv');
    store.rotateInvite({ tokenHash: second, callId: id, role: 'participant', createdAt: 50, revokedAt: null });
    expect(store.findInvite(first)).toEqual({ tokenHash: first, callId: id, role: 'participant', createdAt: 1, revokedAt: 50 });
    expect(store.findInvite(second)!.revokedAt).toBeNull();
    expect(store.findInvite('nope')).toBeNull();
  });

  test('sessions: stored with their organization, touched, revoked with the link that minted them except the people present', () => {
    const id = uid('c');
    const link = uid('inv');
    store.createCall(callRecord(id), [{ tokenHash: link, callId: id, role: 'participant', createdAt: 1, revokedAt: null }]);
    const org = { id: 'org1', name: 'Tenants United', weight: 3 };
    const present = session(id, { mintedBy: link, org, registered: true });
    const away = session(id, { mintedBy: link });
    store.putSession(present);
    store.putSession(away);
    expect(store.findSession(present.tokenHash)).toEqual(present);
    store.touchSession(present.tokenHash, 77);
    expect(store.findSession(present.tokenHash)!.lastSeenAt).toBe(77);
    store.rotateInvite({ tokenHash: uid('inv'), callId: id, role: 'participant', createdAt: 80, revokedAt: null });
    expect(store.revokeSessionsOfRevokedLinks(id, 'participant', new Set([present.identity]), 90)).toEqual([away.identity]);
    expect(store.findSession(away.tokenHash)!.revokedAt).toBe(90);
    expect(store.findSession(present.tokenHash)!.revokedAt).toBeNull();
  });

  test('events: appended in order, read after a seq with a limit, last seq; a batch with a taken seq stores nothing', () => {
    const id = uid('c');
    store.createCall(callRecord(id), []);
    expect(store.lastSeq(id)).toBe(0);
    store.appendEvents(id, [chat(1, 'one'), chat(2, 'two')]);
    store.appendEvents(id, [chat(3, 'three')]);
    expect(store.lastSeq(id)).toBe(3);
    expect(store.readEvents(id, 0)).toEqual([chat(1, 'one'), chat(2, 'two'), chat(3, 'three')]);
    expect(store.readEvents(id, 1, 1)).toEqual([chat(2, 'two')]);
    expect(() => store.appendEvents(id, [chat(4, 'four'), chat(3, 'again')])).toThrow();
    expect(store.lastSeq(id)).toBe(3);
    expect(store.readEvents(id, 3)).toEqual([]);
  });

  test('snapshots: saved, replaced, read back; an unreadable one says why', () => {
    const id = uid('c');
    store.createCall(callRecord(id), []);
    expect(store.loadSnapshot(id)).toBeNull();
    store.saveSnapshot(id, 3, { bogus: true } as never);
    const bad = store.loadSnapshot(id)!;
    expect(bad.seq).toBe(3);
    expect('unreadable' in bad).toBe(true);
    store.saveSnapshot(id, 7, { bogus: 'again' } as never);
    expect(store.loadSnapshot(id)!.seq).toBe(7);
  });

  test('atomically: a throw rolls back every store that wrote in it; a nested failure caught inside keeps the rest', () => {
    const id = uid('c');
    store.createCall(callRecord(id), []);
    const accounts = openAccountStore(store.db);
    expect(() =>
      store.atomically(() => {
        store.appendEvents(id, [chat(1, 'kept?')]);
        accounts.setTitle(id, 'Renamed');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.lastSeq(id)).toBe(0);
    expect(store.getCall(id)!.title).toBe('Coalition call');

    store.atomically(() => {
      store.appendEvents(id, [chat(1, 'outer')]);
      expect(() =>
        store.atomically(() => {
          accounts.setTitle(id, 'Inner');
          store.appendEvents(id, [chat(1, 'duplicate seq')]);
        }),
      ).toThrow();
      accounts.setTitle(id, 'After the inner failure');
    });
    expect(store.readEvents(id, 0)).toEqual([chat(1, 'outer')]);
    expect(store.getCall(id)!.title).toBe('After the inner failure');
  });

  test('fencing: a claim takes the log from lower epochs only; a paused ex-owner appends nothing', () => {
    const id = uid('c');
    store.createCall(callRecord(id), []);
    const owner = open(); // instance A
    const next = open(); // instance B, same database
    expect(owner.logEpoch(id)).toBe(0);
    expect(owner.claimLog(id, 1)).toBe(true);
    expect(owner.claimLog(id, 1)).toBe(true); // claiming again with the same epoch is harmless
    owner.appendEvents(id, [chat(1, 'from A')]);

    // A stops (SIGSTOP, a partition); its lease runs out and B takes over with a higher epoch.
    expect(next.claimLog(id, 2)).toBe(true);
    expect(next.logEpoch(id)).toBe(2);
    next.appendEvents(id, [chat(2, 'from B')]);

    // A wakes up and writes what it decided before the pause: refused, nothing stored.
    let stale: unknown;
    try {
      owner.appendEvents(id, [chat(3, 'stale from A'), chat(4, 'more stale')]);
    } catch (err) {
      stale = err;
    }
    expect(stale).toBeInstanceOf(StaleEpochError);
    expect(stale).toMatchObject({ callId: id, epoch: 1, current: 2 });
    // Inside a bigger transaction the refusal rolls back the other writes too.
    const accounts = openAccountStore(owner.db);
    expect(() =>
      owner.atomically(() => {
        accounts.setTitle(id, 'written by the stale owner');
        owner.appendEvents(id, [chat(3, 'stale')]);
      }),
    ).toThrow(StaleEpochError);
    expect(store.getCall(id)!.title).toBe('Coalition call');
    expect(store.readEvents(id, 0)).toEqual([chat(1, 'from A'), chat(2, 'from B')]);

    // Its snapshot does not replace the new owner's either.
    next.saveSnapshot(id, 2, { from: 'B' } as never);
    owner.saveSnapshot(id, 9, { from: 'A' } as never);
    expect(store.loadSnapshot(id)!.seq).toBe(2);

    // A lower (or old) epoch cannot take the log back.
    expect(owner.claimLog(id, 1)).toBe(false);
    expect(owner.logEpoch(id)).toBe(2);
    next.appendEvents(id, [chat(3, 'B carries on')]);
    expect(store.lastSeq(id)).toBe(3);

    // A store that never claimed (the embedded mode) appends as before.
    const free = uid('c');
    store.createCall(callRecord(free), []);
    store.appendEvents(free, [chat(1, 'embedded')]);
    expect(store.logEpoch(free)).toBe(0);
  });

  test('accounts: email case-insensitive and unique, passkey bytes intact, deletion cascades, calls with a passcode found', () => {
    const accounts = openAccountStore(store.db);
    const id = uid('acc');
    const email = `${id}@Example.org`;
    accounts.createAccount({ id, name: 'Owner', email, role: 'owner', passwordHash: null, webauthnUserId: uid('wa'), createdAt: 10 });
    expect(accounts.findAccountByEmail(email.toLowerCase())?.id).toBe(id);
    expect(() =>
      accounts.createAccount({ id: uid('acc'), name: 'Twin', email: email.toUpperCase(), role: 'organizer', passwordHash: null, webauthnUserId: uid('wa'), createdAt: 11 }),
    ).toThrow();
    const key = new Uint8Array([0, 1, 2, 250, 255]);
    const passkeyId = uid('pk');
    accounts.addPasskey({ id: passkeyId, accountId: id, publicKey: key, counter: 3, transports: ['usb'], name: 'Key', createdAt: 12, lastUsedAt: null });
    const stored = accounts.getPasskey(passkeyId)!;
    expect([...stored.publicKey]).toEqual([...key]);
    expect(stored.transports).toEqual(['usb']);
    accounts.usePasskey(passkeyId, 4, 13);
    expect(accounts.getPasskey(passkeyId)).toMatchObject({ counter: 4, lastUsedAt: 13 });
    expect(accounts.countAccounts()).toBeGreaterThanOrEqual(1);
    expect(accounts.deleteAccount(id)).toBe(true);
    expect(accounts.getPasskey(passkeyId)).toBeNull();

    const locked = uid('c');
    store.createCall(callRecord(locked, { settings: { ...DEFAULT_CALL_SETTINGS, passcode: '$argon2id$x' } }), []);
    const unlocked = uid('c');
    store.createCall(callRecord(unlocked), []);
    const withPasscode = accounts.callIdsWithPasscode();
    expect(withPasscode).toContain(locked);
    expect(withPasscode).not.toContain(unlocked);
  });

  test('bans: one live ban per person and call, matched by each hold, lifted, listed', () => {
    const bans = openBanStore(store.db);
    const callId = uid('c');
    store.createCall(callRecord(callId), []);
    const ban = (over: Partial<BanEntry> = {}): BanEntry => ({
      id: uid('ban'),
      callId,
      identity: 'p_troll',
      name: 'Troll',
      role: 'participant',
      scope: 'coalition',
      reason: 'slurs',
      byIdentity: 'p_host',
      byName: 'Host',
      createdAt: 100,
      expiresAt: null,
      device: 'troll-device',
      network: true,
      ipHash: 'troll-net',
      accountId: null,
      invitationId: null,
      evidence: { reports: [], chat: [] },
      widenedAt: null,
      widenedBy: null,
      liftedAt: null,
      liftedBy: null,
      ...over,
    });
    const first = ban();
    expect(bans.record([first, ban()])).toBe(1); // the same person in the same call: the first ban stands
    expect(bans.liveOf(callId, 'p_troll')).toEqual(first);
    const visitor = { callId: uid('c'), identity: null, role: 'participant' as const, device: null, ipHashes: ['troll-net', null], accountId: null, invitationId: null };
    expect(bans.matching(visitor, 200)).toEqual({ ban: first, hold: 'network' });
    expect(bans.list({ all: false, callId, limit: 10 }, 200).map((b) => b.id)).toEqual([first.id]);
    expect(bans.lift(first.id, 'p_host', 300)).toBe(true);
    expect(bans.lift(first.id, 'p_host', 301)).toBe(false);
    expect(bans.matching(visitor, 400)).toBeNull();
    expect(bans.list({ all: false, callId, limit: 10 }, 400)).toEqual([]);
    expect(bans.list({ all: true, callId, limit: 10 }, 400).map((b) => b.liftedAt)).toEqual([300]);
    expect(bans.record([ban()])).toBe(1); // banned again after the lift
  });

  test('registrations: organizations by name case-insensitively, settings upserted, one live registration per email, binding is a compare-and-set', () => {
    const regs = openRegistrationStore(store.db);
    const callId = uid('c');
    store.createCall(callRecord(callId), []);
    const org = { id: uid('org'), name: `Union ${ids}`, weight: 2, createdAt: 1 };
    regs.createOrg(org);
    expect(() => regs.createOrg({ ...org, id: uid('org'), name: org.name.toUpperCase() })).toThrow();
    expect(regs.org(org.id)).toEqual(org);
    regs.putSettings({ callId, access: 'members', registration: true, capacity: 2, reminders: [60], questions: [], seriesId: null });
    regs.putSettings({ callId, access: 'open', registration: false, capacity: null, reminders: [1440, 60], questions: [], seriesId: null });
    expect(regs.settings(callId)).toEqual({ callId, access: 'open', registration: false, capacity: null, reminders: [1440, 60], questions: [], seriesId: null });
    const reg = {
      id: uid('reg'),
      callId,
      seriesId: null,
      name: 'Ana',
      email: 'Ana@Example.org',
      orgId: org.id,
      answers: { q1: 'yes' },
      status: 'pending' as const,
      tokenHash: uid('tok'),
      manageHash: uid('man'),
      linkVersion: 1,
      createdAt: 5,
      confirmedAt: null,
    };
    regs.createRegistration(reg);
    expect(() => regs.createRegistration({ ...reg, id: uid('reg'), email: 'ana@example.ORG', tokenHash: uid('tok'), manageHash: uid('man') })).toThrow();
    expect(regs.liveByEmail(callId, 'ANA@example.org')?.id).toBe(reg.id);
    expect(regs.callsWithRegistration()).toContain(callId);
    // Two browsers with the same link: one binds.
    const other = openRegistrationStore(open().db);
    expect(regs.bind(reg.id, 'device-1', 'p_1', 9)).toBe(true);
    expect(other.bind(reg.id, 'device-2', 'p_2', 9)).toBe(false);
    expect(other.registration(reg.id)).toMatchObject({ device: 'device-1', identity: 'p_1', status: 'confirmed', confirmedAt: 9, answers: { q1: 'yes' } });
    regs.erase(reg.id, 10);
    expect(regs.registration(reg.id)).toMatchObject({ name: '(erased)', email: `erased-${reg.id}@invalid`, status: 'cancelled' });
    expect(regs.retention()).toEqual({ retentionDays: 180, purgedThrough: expect.any(Number) });
  });

  test('mail: queueing is idempotent by dedupe key; of two instances claiming one job, exactly one gets it', () => {
    const mailA = openMailStore(store.db);
    const mailB = openMailStore(open().db);
    const job: NewMailJob = {
      id: uid('mail'),
      dedupe: uid('dedupe'),
      registrationId: null,
      callId: null,
      kind: 'reminder',
      toAddress: 'ana@example.org',
      subject: 'Tomorrow',
      textBody: 'text',
      htmlBody: '<p>html</p>',
      ics: null,
      messageId: `<${uid('msg')}@caucus>`,
      dueAt: 100,
      createdAt: 50,
    };
    expect(mailA.enqueue(job)).toBe(true);
    expect(mailB.enqueue({ ...job, id: uid('mail'), messageId: `<${uid('msg')}@caucus>` })).toBe(false);
    expect(mailA.exists(job.dedupe)).toBe(true);
    expect(mailB.due(200, 1000).map((j) => j.id)).toContain(job.id);
    const wins = [mailA.claim(job.id, 200), mailB.claim(job.id, 200)];
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(mailB.get(job.id)).toMatchObject({ status: 'sending', attempts: 1, claimedAt: 200 });
    expect(mailA.markSent(job.id, 'sent', 210)).toBe(true);
    const callId = uid('c');
    expect(mailA.claimMailing(callId, 'live', 1)).toBe(true);
    expect(mailB.claimMailing(callId, 'live', 2)).toBe(false);
  });

  test('privacy: redacting a call rewrites its events in place and drops its snapshot and sessions', () => {
    const callId = uid('c');
    store.createCall(callRecord(callId), []);
    store.appendEvents(callId, [chat(1, 'my phone is 555', 'p_ana'), chat(2, 'hello', 'p_ben')]);
    store.saveSnapshot(callId, 2, { bogus: true } as never);
    const s = session(callId, { identity: 'p_ana' });
    store.putSession(s);
    expect(redactCall(store.db, callId, new Set(['p_ana']))).toBe(1);
    const [first, second] = store.readEvents(callId, 0);
    expect(first!.event).toMatchObject({ type: 'chat_sent', by: 'p_ana' });
    expect((first!.event as { text: string }).text).not.toContain('555');
    expect(second).toEqual(chat(2, 'hello', 'p_ben'));
    expect(store.loadSnapshot(callId)).toBeNull();
    expect(store.findSession(s.tokenHash)).toBeNull();
  });

  test('ping answers while the database does', () => {
    expect(store.ping()).toBe(true);
  });
});

describe('postgres only', () => {
  beforeEach(() => void pg());

  test('instances starting together on a new database apply the schema once (the advisory lock), then share it', async () => {
    const url = await pg().createDatabase('racing');
    // Separate processes, as in a cluster's simultaneous start: each opens the store and creates a call.
    const script = `
      import { openPostgresStore } from './server/src/store/postgres-store.ts';
      const store = openPostgresStore(process.env.RACE_URL);
      store.createCall(${JSON.stringify(callRecord('c_placeholder'))}, []);
      store.close();`;
    const start = (n: number) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script.replace('c_placeholder', `c_race_${n}`)], {
          env: { ...process.env, RACE_URL: url },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('exit', (code) => resolve({ code, out }));
      });
    const results = await Promise.all([1, 2, 3].map(start));
    for (const r of results) expect(r.code, r.out).toBe(0);
    const store = track(openPostgresStore(url));
    expect(store.db.prepare('SELECT version FROM caucus_schema ORDER BY version').pluck().all()).toEqual([8]);
    expect(store.listOpenCalls().map((c) => c.id).sort()).toEqual(['c_race_1', 'c_race_2', 'c_race_3']);
  });

  test('an owner frozen (SIGSTOP) in the middle of an append holds the log only briefly: the next owner claims it, the frozen one stores nothing', async () => {
    const id = uid('c');
    const store = track(openPostgresStore(pg().url));
    store.createCall(callRecord(id), []);
    // The owner is its own process: it claims, begins an append and freezes inside the transaction.
    const script = `
      import { openPostgresStore } from './server/src/store/postgres-store.ts';
      const store = openPostgresStore(process.env.OWNER_URL);
      store.claimLog(${JSON.stringify(id)}, 1);
      try {
        store.atomically(() => {
          store.appendEvents(${JSON.stringify(id)}, [${JSON.stringify(chat(1, 'decided before the freeze'))}]);
          process.kill(process.pid, 'SIGSTOP');
        });
        console.log('COMMITTED');
      } catch (err) {
        console.log('REFUSED', err.message);
      }`;
    const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, OWNER_URL: pg().url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    owner.stdout.on('data', (d) => (out += d));
    owner.stderr.on('data', (d) => (out += d));
    const exited = new Promise<void>((resolve) => owner.on('exit', () => resolve()));
    try {
      const stopped = () => readFileSync(`/proc/${owner.pid}/stat`, 'utf8').split(') ')[1]?.startsWith('T');
      const deadline = Date.now() + 20_000;
      while (!stopped()) {
        if (Date.now() > deadline || owner.exitCode !== null) throw new Error(`the owner did not freeze:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      // Its lease has run out; the next owner claims the log. It waits for the frozen transaction's
      // row lock only until the server ends that idle transaction, within its own statement timeout.
      const next = track(openPostgresStore(pg().url));
      const started = Date.now();
      expect(next.claimLog(id, 2)).toBe(true);
      expect(Date.now() - started).toBeLessThan(4500);
      next.appendEvents(id, [chat(1, 'from the new owner')]);

      owner.kill('SIGCONT');
      await exited;
      expect(out).toMatch(/REFUSED/);
      expect(store.readEvents(id, 0)).toEqual([chat(1, 'from the new owner')]);
    } finally {
      owner.kill('SIGKILL');
      owner.kill('SIGCONT');
    }
  });

  test('openStore picks Postgres when DATABASE_URL is set, the SQLite file otherwise', () => {
    const pgStore = track(openStore({ databaseUrl: pg().url, databasePath: join(dir, 'unused.db') }));
    pgStore.createCall(callRecord('c_picked'), []);
    expect(track(openPostgresStore(pg().url)).getCall('c_picked')?.id).toBe('c_picked');
    expect(existsSync(join(dir, 'unused.db'))).toBe(false);
    const sqlite = track(openStore({ databaseUrl: null, databasePath: join(dir, 'picked.db') }));
    sqlite.createCall(callRecord('c_file'), []);
    expect(existsSync(join(dir, 'picked.db'))).toBe(true);
    expect(track(openPostgresStore(pg().url)).getCall('c_file')).toBeNull();
  });

  test('a statement that runs too long throws instead of blocking the thread', () => {
    const db = openPgDatabase(pg().url, { statementTimeoutMs: 300 });
    const started = Date.now();
    expect(() => db.prepare('SELECT pg_sleep(5)').get()).toThrow(/statement timeout|canceling statement/);
    expect(Date.now() - started).toBeLessThan(3000);
    // The connection is usable again afterwards.
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    db.close();
    expect(() => db.prepare('SELECT 1').get()).toThrow(/not open/);
  });

  test('a dead server makes statements throw (never hang) and ping report it; back up, the store carries on', async () => {
    const other = await startPostgres();
    try {
      const store = openPostgresStore(other.url, { statementTimeoutMs: 1000, connectTimeoutMs: 1000 });
      store.createCall(callRecord('c_dead'), []);
      other.crash();
      const started = Date.now();
      expect(() => store.getCall('c_dead')).toThrow();
      expect(() => store.appendEvents('c_dead', [chat(1, 'lost')])).toThrow();
      expect(store.ping()).toBe(false);
      expect(Date.now() - started).toBeLessThan(5000);
      // While it is down, requests fail at once rather than each waiting for a connect timeout.
      const quick = Date.now();
      for (let i = 0; i < 20; i++) expect(store.ping()).toBe(false);
      expect(Date.now() - quick).toBeLessThan(1500);

      other.start();
      await new Promise((r) => setTimeout(r, 1100)); // the reconnect backoff
      expect(store.ping()).toBe(true);
      expect(store.getCall('c_dead')?.id).toBe('c_dead');
      expect(store.lastSeq('c_dead')).toBe(0);

      // The server dies in the middle of a transaction and comes back before its next statement:
      // that statement fails instead of running on a new connection as a separate commit.
      const accounts = openAccountStore(store.db);
      expect(() =>
        store.atomically(() => {
          store.appendEvents('c_dead', [chat(1, 'first half')]);
          other.crash();
          other.start();
          accounts.setTitle('c_dead', 'second half');
        }),
      ).toThrow(/in the middle of a transaction/);
      await new Promise((r) => setTimeout(r, 1100));
      expect(store.readEvents('c_dead', 0)).toEqual([]);
      expect(store.getCall('c_dead')?.title).toBe('Coalition call');
      store.appendEvents('c_dead', [chat(1, 'after')]);
      expect(store.lastSeq('c_dead')).toBe(1);
      store.close();
    } finally {
      await other.stop();
    }
  });
});
