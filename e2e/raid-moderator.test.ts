// The moderator's side of a raid, in the real web app (headless Chromium, real server, LiveKit):
// the join-rate alert appears with its one-click shield; the Raid tab's review list groups the
// raiders by network; "select everyone" and "ban all selected" bans them in one action; the flood
// controls are set from the same tab. By keyboard, axe-clean and without sideways scrolling from
// phone to desktop; screenshots in docs/screenshots (raid-*.png).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCall } from '../test/api';
import { arriveFrom, pooled, type Arrival } from '../test/arrivals';
import { launchBrowser, type TestBrowser } from '../test/browser';
import { startTestServer, type TestServer } from '../test/server';
import { expectAccessibleEverywhere, focused, joinCall, newPerson, screenshots, tabTo, type Person } from './support/caucus';

const RAIDERS = 60;
const byTestId = (id: string) => `[data-testid="${id}"]`;

let server: TestServer;
let chromium: TestBrowser;
let host: Person | undefined;
beforeAll(async () => {
  server = await startTestServer();
  chromium = await launchBrowser();
});
afterAll(async () => {
  if (host?.errors.length) console.log(host.errors.slice(0, 10).join('\n'));
  await chromium?.close();
  await server?.close();
});

test('alert, shield, review and bulk ban, by keyboard, on phone and desktop', { timeout: 150_000 }, async () => {
  const created = await createCall(server.baseUrl, {}, 'Coalition assembly');
  const callId = created.call.id;
  host = await newPerson(chromium.browser);
  await joinCall(host.page, created.links.host, 'Hana Host');
  const members = await pooled([1, 2, 3, 4, 5, 6], 3, (i) => arriveFrom(`127.0.1.${i}`, server.baseUrl, created, 'participant', `Member ${i}`));
  await new Promise((r) => setTimeout(r, 2500));

  // One raider in the web app, in the room, to see what the shield does to a real client.
  const raiderInApp = await newPerson(chromium.browser);
  await joinCall(raiderInApp.page, created.links.participant, 'Troll in a browser');
  // The raid: sixty newcomers from twenty addresses, each writing in the chat.
  const raiders: Arrival[] = await pooled(
    Array.from({ length: RAIDERS }, (_, i) => i),
    10,
    async (i) => {
      const r = await arriveFrom(`127.0.2.${1 + (i % 20)}`, server.baseUrl, created, 'participant', `Troll${100 + i}`);
      await r.client.command({ type: 'chat_send', text: `raid ${i}` });
      return r;
    },
  );

  // The alert, with its one-click shield.
  const alert = host.page.getByTestId('spike-alert');
  await alert.waitFor({ timeout: 20_000 });
  expect(await alert.getAttribute('role')).toBe('alert');
  await screenshots(host.page, 'raid-alert');
  await expectAccessibleEverywhere(host.page, 'raid alert');
  await tabTo(host.page, byTestId('shield-from-spike'));
  await host.page.keyboard.press('Enter');
  await expect.poll(() => server.app.calls.get(callId)!.state.shield !== null).toBe(true);
  await alert.waitFor({ state: 'detached' });
  const room = server.app.calls.get(callId)!;
  for (const r of raiders) expect(room.state.lobby.get(r.identity)?.status).toBe('waiting');
  for (const m of members) expect(room.state.members.get(m.identity)?.status).toBe('present');
  // The raider in the browser now sees the lobby, not the call (and not "removed": LiveKit's
  // removal from the media room is not the end of the call for someone moved to the lobby).
  await raiderInApp.page.getByTestId('lobby').waitFor({ timeout: 15_000 });
  await raiderInApp.page.waitForTimeout(1500);
  expect(await raiderInApp.page.getByTestId('lobby').count()).toBe(1);
  expect(await raiderInApp.page.getByTestId('call').count()).toBe(0);

  // The review list, grouped by network.
  // The console's tabs are one tab stop; the arrow keys move between them (queue, lobby, raid).
  await tabTo(host.page, '[role="tab"][aria-selected="true"]');
  await host.page.keyboard.press('ArrowRight');
  await host.page.keyboard.press('ArrowRight');
  expect(await focused(host.page)).toBe('mod-tab-raid');
  await expect.poll(() => host!.page.getByTestId('review-entry').count(), { timeout: 15_000 }).toBe(RAIDERS + 1);
  expect(await host.page.getByTestId('shield-status').textContent()).toMatch(/^Up since/);
  await host.page.getByTestId('review-group-by').selectOption('network');
  // Twenty raider networks, and the browser's own (127.0.0.1).
  await expect.poll(() => host!.page.getByTestId('review-group').count()).toBe(21);
  await host.page.getByTestId('review-list').scrollIntoViewIfNeeded();
  await screenshots(host.page, 'raid-review');
  await expectAccessibleEverywhere(host.page, 'raid review');

  // Everyone selected, banned in one action (with their networks), after a confirmation.
  await tabTo(host.page, byTestId('review-select-all'));
  await host.page.keyboard.press('Enter');
  await expect.poll(() => host!.page.getByTestId('ban-selected').textContent()).toBe(`Ban all selected (${RAIDERS + 1})`);
  await tabTo(host.page, byTestId('ban-selected'));
  await host.page.keyboard.press('Enter');
  await host.page.getByTestId('confirm').waitFor();
  await screenshots(host.page, 'raid-ban-confirm');
  await host.page.getByTestId('confirm').click();
  await expect.poll(() => raiders.every((r) => room.state.bans.get(r.identity)?.scope === 'coalition'), { timeout: 15_000 }).toBe(true);
  await expect.poll(() => host!.page.getByTestId('review-entry').count()).toBe(0);

  // Flood controls from the same tab: slow mode 10 s and links held.
  const slow = host.page.getByTestId('flood-slowModeSec');
  await slow.fill('10');
  await host.page.getByTestId('flood-holdLinks').check();
  await host.page.getByTestId('flood-save').click();
  await expect.poll(() => room.state.settings.flood).toMatchObject({ slowModeSec: 10, holdLinks: true });
  await host.page.getByTestId('flood-controls').scrollIntoViewIfNeeded();
  await screenshots(host.page, 'raid-flood-controls');
  await expectAccessibleEverywhere(host.page, 'raid tab');
  // A member's second message within ten seconds is refused; a link waits for approval.
  await members[0]!.client.ok({ type: 'chat_send', text: 'first' });
  expect((await members[0]!.client.command({ type: 'chat_send', text: 'second' })).code).toBe('slow_mode');
  await members[1]!.client.ok({ type: 'chat_send', text: 'see example.org/agenda' });
  await host.page.getByTestId('held-message').waitFor();
  expect(await focused(host.page)).not.toBe('body');

  for (const p of [...members, ...raiders]) p.client.close();
});
