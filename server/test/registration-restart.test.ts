// A restart while reminders are queued sends each exactly once: the real server as its own process,
// a real SMTP server in this one. Reminders fall due and the SMTP server answers 451 (try later),
// so they sit in the durable queue with their backoff; the server is killed with SIGKILL and
// started again on the same database; the SMTP server accepts now: each person gets one reminder.
import { afterAll, expect, test } from 'vitest';
import { api } from '../../test/api';
import { spawnServer, type ServerProcess } from '../../test/server-process';
import { ORGANIZER_KEY } from '../../test/server';
import { linksIn, startSmtp, toOf, type TestSmtp } from '../../test/smtp';

const procs: ServerProcess[] = [];
let smtp: TestSmtp;
afterAll(async () => {
  for (const p of procs) await p.kill('SIGKILL');
  await smtp?.close();
});

const key = { authorization: `Bearer ${ORGANIZER_KEY}` };
const HOUR = 3600_000;
const PEOPLE = ['ana', 'ben', 'cleo', 'dev', 'eli'];

test('kill -9 with reminders queued and refused, restart: each reminder arrives exactly once', async () => {
  smtp = await startSmtp();
  const env = { SMTP_URL: smtp.url, CAUCUS_TEST_CLOCK: '1' };
  const first = await spawnServer({ env });
  procs.push(first);
  const startsAt = Date.now() + 48 * HOUR;
  const created = await api(first.baseUrl, 'POST', '/api/calls', { title: 'Restart call', schedule: { public: true, startsAt: new Date(startsAt).toISOString() } }, key);
  const callId = created.json.call.id as string;
  await api(first.baseUrl, 'PUT', `/api/console/calls/${callId}/registration`, { access: 'members', registration: true, capacity: null, reminders: [1440, 60], questions: [], seriesId: null }, key);
  for (const p of PEOPLE) expect((await api(first.baseUrl, 'POST', `/api/calls/${callId}/registrations`, { name: p, email: `${p}@example.org` })).status).toBe(201);
  const confirmations = await smtp.waitFor((m) => /^You are registered/.test(m.subject ?? ''), PEOPLE.length);
  for (const m of confirmations) expect((await fetch(`${linksIn(m).manage}/confirm`, { method: 'POST' })).status).toBe(200);

  // The 24-hour reminders fall due; the SMTP server refuses them for now.
  smtp.refuse = true;
  const due = startsAt - 24 * HOUR + 1000;
  await api(first.baseUrl, 'POST', '/api/internal/clock', { now: due });
  await expect.poll(() => smtp.refused, { timeout: 10_000 }).toBeGreaterThanOrEqual(PEOPLE.length);
  const outbox = (await api(first.baseUrl, 'GET', '/api/console/outbox', undefined, key)).json.mails.filter((m: { kind: string }) => m.kind === 'reminder');
  expect(outbox).toHaveLength(PEOPLE.length);
  expect(outbox.every((m: { status: string }) => m.status === 'queued')).toBe(true);

  expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');
  smtp.refuse = false;
  const second = await spawnServer({ dataDir: first.dataDir, port: first.port, env });
  procs.push(second);
  // Past the backoff on the test clock, then a few more passes (each could send again if it were broken).
  for (const later of [5 * 60_000, 6 * 60_000, 30 * 60_000]) await api(second.baseUrl, 'POST', '/api/internal/clock', { now: due + later });
  await smtp.waitFor((m) => /^In 1 day/.test(m.subject ?? ''), PEOPLE.length);
  // One more restart, gracefully this time, and more passes: nothing is sent again.
  await second.kill('SIGTERM');
  const third = await spawnServer({ dataDir: first.dataDir, port: first.port, env });
  procs.push(third);
  await api(third.baseUrl, 'POST', '/api/internal/clock', { now: due + 40 * 60_000 });
  const reminders = smtp.mails.filter((m) => /^In 1 day/.test(m.subject ?? ''));
  expect(reminders.map(toOf).sort()).toEqual(PEOPLE.map((p) => `${p}@example.org`).sort());
  // Each mail kept the Message-ID it was given when it was queued (the same one on every attempt).
  expect(new Set(reminders.map((m) => m.messageId)).size).toBe(PEOPLE.length);

  // The logs of all three processes hold neither a registrant's links (credentials) nor their address.
  const log = procs.map((p) => p.output()).join('\n');
  expect(log).toContain('incoming request');
  for (const m of confirmations) {
    const { join, manage } = linksIn(m);
    expect(log).not.toContain(new URL(join!).searchParams.get('invite')!);
    expect(log).not.toContain(new URL(manage!).pathname.split('/')[2]!);
  }
  for (const p of PEOPLE) expect(log).not.toContain(`${p}@example.org`);
});
