// "The next call", through the real web app, real server, real LiveKit and Chromium: a troll banned
// in one call (browser and network) walks into the coalition's next call with its public link and
// is refused; so is a fresh browser on its network; a neighbour on another network is not; a ban
// the host keeps to its call does not follow anyone; an organizer lifts the ban from the console's
// ban list and the troll's browser gets in again.
//
// The server believes X-Forwarded-For from loopback (TRUST_PROXY=loopback, as if a proxy ran on
// this machine), and each browser profile sends its own address: one machine, several networks.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PASSWORD, setUpOwner } from '../test/accounts';
import { createCall } from '../test/api';
import { launchBrowser, type TestBrowser } from '../test/browser';
import { freePort, startTestServer, type TestServer } from '../test/server';
import { expectAccessibleEverywhere, identityOf, joinCall, joinThroughUi, newPerson, screenshots, type Person } from './support/caucus';

let server: TestServer;
let chromium: TestBrowser;
let origin: string;
const people: Person[] = [];

beforeAll(async () => {
  const port = await freePort();
  // localhost is a secure context: the console's __Host- session cookie works over http.
  origin = `http://localhost:${port}`;
  server = await startTestServer({ port, env: { PUBLIC_URL: origin, TRUST_PROXY: 'loopback' } });
  chromium = await launchBrowser();
});
afterAll(async () => {
  for (const p of people) if (p.errors.length) console.log(p.errors.slice(0, 10).join('\n'));
  await chromium?.close();
  await server?.close();
});

/** A new browser profile whose requests come from `network` (as a proxy in front would say). */
async function browserOn(network: string): Promise<Person> {
  const person = await newPerson(chromium.browser);
  await person.context.setExtraHTTPHeaders({ 'x-forwarded-for': network });
  people.push(person);
  return person;
}

async function ban(host: Page, identity: string, reason: string, opts: { network: boolean; scope: 'coalition' | 'call' }) {
  await host.locator(`[data-testid="person"][data-identity="${identity}"]`).getByTestId('manage-person').click();
  const dialog = host.getByTestId('person-actions');
  await dialog.getByTestId('ban').click();
  // A host's ban holds every call of the coalition unless they choose otherwise.
  expect(await dialog.getByTestId('ban-scope-coalition').isChecked()).toBe(true);
  if (opts.scope === 'call') await dialog.getByTestId('ban-scope-call').check();
  await dialog.getByTestId('ban-reason').fill(reason);
  if (opts.network) await dialog.getByTestId('ban-ip').check();
  return dialog;
}

async function expectRefusedBanned(page: Page, link: string, name: string) {
  await joinThroughUi(page, link, name);
  await expect.poll(() => page.getByTestId('join-error').getAttribute('data-code'), { timeout: 15_000 }).toBe('banned');
}

describe('the next call', () => {
  test("a ban in one call refuses the same browser and network in the coalition's next call; a per-call ban does not; lifting restores entry", async () => {
    const monday = await createCall(server.baseUrl, {}, 'Monday coalition call');
    const thursday = await createCall(server.baseUrl, {}, 'Thursday coalition call');
    expect(monday.links.participant.startsWith(origin)).toBe(true);

    const host = await browserOn('198.51.100.1');
    await joinCall(host.page, monday.links.host, 'Hana Host', { camera: false, microphone: false });
    const troll = await browserOn('198.51.100.66');
    await joinCall(troll.page, monday.links.participant, 'Trent Troll', { camera: false, microphone: false });
    const offTopic = await browserOn('198.51.100.88');
    await joinCall(offTopic.page, monday.links.participant, 'Olga Offtopic', { camera: false, microphone: false });
    const [trollId, offTopicId] = [await identityOf(troll.page), await identityOf(offTopic.page)];

    // Troll: banned with its network, for every call of the coalition (the host's default).
    const dialog = await ban(host.page, trollId, 'Raid on the Monday call', { network: true, scope: 'coalition' });
    await screenshots(host.page, 'ban-form');
    await expectAccessibleEverywhere(host.page, 'ban form');
    await dialog.getByTestId('confirm-ban').click();
    await troll.page.getByTestId('gone').waitFor({ timeout: 15_000 });
    expect(await troll.page.getByTestId('gone').getAttribute('data-reason')).toBe('banned');

    // Off topic: banned for this call only.
    await (await ban(host.page, offTopicId, 'Off topic, repeatedly', { network: false, scope: 'call' })).getByTestId('confirm-ban').click();
    await offTopic.page.getByTestId('gone').waitFor({ timeout: 15_000 });

    // Thursday: the troll's browser is refused at the door, and so is a fresh browser on its network.
    await expectRefusedBanned(troll.page, thursday.links.participant, 'Trent Again');
    const freshBrowser = await browserOn('198.51.100.66');
    await expectRefusedBanned(freshBrowser.page, thursday.links.participant, 'Totally Someone Else');
    // A neighbour on another network, and the person banned from Monday only, get in.
    const neighbour = await browserOn('198.51.100.77');
    await joinCall(neighbour.page, thursday.links.participant, 'Nadia Neighbour', { camera: false, microphone: false });
    await joinCall(offTopic.page, thursday.links.participant, 'Olga Offtopic', { camera: false, microphone: false });

    // An organizer reviews the ban list in the console and lifts the troll's ban.
    const owner = await setUpOwner(server.app, origin);
    const console_ = await browserOn('198.51.100.2');
    await console_.page.goto(`${origin}/signin`);
    await console_.page.getByTestId('signin-email').fill(owner.account.email);
    await console_.page.getByTestId('signin-password').fill(PASSWORD);
    await console_.page.getByTestId('signin-submit').click();
    await console_.page.waitForURL(`${origin}/console`);
    await console_.page.getByRole('link', { name: 'Ban list' }).click();
    await console_.page.waitForURL(`${origin}/console/bans`);
    const trollBan = console_.page.getByTestId('ban').filter({ hasText: 'Trent Troll' });
    await expect.poll(() => trollBan.getByTestId('ban-scope').textContent()).toBe('every call');
    expect(await trollBan.textContent()).toContain('Raid on the Monday call');
    expect(await trollBan.textContent()).toContain('By Hana Host');
    expect(await trollBan.textContent()).toContain('browser, network');
    expect(await console_.page.getByTestId('ban').filter({ hasText: 'Olga Offtopic' }).getByTestId('ban-scope').textContent()).toBe('this call only');
    await screenshots(console_.page, 'console-bans');
    await expectAccessibleEverywhere(console_.page, 'ban list');
    await trollBan.getByTestId('lift-ban').click();
    await trollBan.getByTestId('lift-ban-confirm').click();
    await expect.poll(() => console_.page.getByTestId('ban').filter({ hasText: 'Trent Troll' }).count()).toBe(0);

    // Lifted: the troll's browser walks into Thursday's call again.
    await joinCall(troll.page, thursday.links.participant, 'Trent, on probation', { camera: false, microphone: false });
  });
});
