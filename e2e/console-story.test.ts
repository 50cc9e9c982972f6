// Issue 11's story through the real web app, real server and real LiveKit: an empty database ->
// the setup link -> an owner with a passkey (Chromium's virtual authenticator; pages load from
// `localhost`, the relying party, since WebAuthn refuses an IP address) -> a scheduled call made
// in the console -> a guest speaker and a volunteer moderator invited -> each joins through their
// personal link with their role's powers -> the speaker's link in a second browser is refused ->
// the owner revokes the moderator, who is out of the call and of LiveKit within a second -> sign
// out everywhere ends every session. The password path runs too: an organizer invited from the
// console signs up and back in with a password.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inject } from 'vitest';
import { createSetupLink } from '../server/src/accounts/setup';
import { launchBrowser, type TestBrowser } from '../test/browser';
import { startTestServer, type TestServer } from '../test/server';
import { expectAccessibleEverywhere, identityOf, joinCall, joinThroughUi, newPerson, PHONE, screenshots, type Person } from './support/caucus';

let server: TestServer;
let chromium: TestBrowser;
let origin: string;
let owner: Person;
let ownerAuthenticator: { cdp: CDPSession; authenticatorId: string };
let callId: string;
const links: Record<string, string> = {};
const people: Record<string, Person> = {};

/** Chromium's virtual authenticator (CDP WebAuthn domain): a platform authenticator that always agrees. */
async function virtualAuthenticator(context: BrowserContext, page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

const authState = (page: Page) => page.evaluate(() => fetch('/api/auth/state').then((r) => r.json() as Promise<{ account: { role: string } | null }>));
const inLivekit = async () => (await server.app.livekit.rooms.listParticipants(callId)).map((p) => p.identity);

beforeAll(async () => {
  const port = inject('livekit').webhookPort;
  origin = `http://localhost:${port}`;
  server = await startTestServer({ webhooks: true, env: { PUBLIC_URL: origin } });
  chromium = await launchBrowser();
});

afterAll(async () => {
  for (const p of [owner, ...Object.values(people)]) if (p?.errors.length) console.log(p.errors.slice(0, 10).join('\n'));
  await chromium?.close();
  await server?.close();
});

describe('a coalition starts', () => {
  test('the setup link makes the owner, who signs in with a passkey', async () => {
    const setup = createSetupLink(server.app)!;
    expect(setup.startsWith(`${origin}/setup?token=`)).toBe(true);
    owner = await newPerson(chromium.browser);
    ownerAuthenticator = await virtualAuthenticator(owner.context, owner.page);
    await owner.page.goto(setup);
    await owner.page.getByTestId('claim-name').fill('Olivia Owner');
    await owner.page.getByTestId('claim-email').fill('olivia@example.org');
    await expectAccessibleEverywhere(owner.page, 'setup');
    await owner.page.getByTestId('claim-submit').click();
    await owner.page.waitForURL(`${origin}/console`);
    const { credentials } = await ownerAuthenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: ownerAuthenticator.authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);

    // The link was single use.
    const again = await newPerson(chromium.browser);
    await again.page.goto(setup);
    await again.page.getByTestId('claim-name').fill('Mallory');
    await again.page.getByTestId('claim-email').fill('mallory@example.org');
    await again.page.getByTestId('method-password').check();
    await again.page.getByTestId('claim-password').fill('a long enough passphrase');
    await again.page.getByTestId('claim-submit').click();
    await expect.poll(() => again.page.getByTestId('console-error').getAttribute('data-code')).toBe('invitation_used');
    await again.context.close();

    // Signed out, the passkey alone signs back in (no email asked).
    await owner.page.getByTestId('sign-out').click();
    await owner.page.waitForURL(`${origin}/signin`);
    await expectAccessibleEverywhere(owner.page, 'sign in');
    await screenshots(owner.page, 'console-signin');
    await owner.page.getByTestId('signin-passkey').click();
    await owner.page.waitForURL(`${origin}/console`);
    expect((await authState(owner.page)).account?.role).toBe('owner');
  });
});

describe('the console', () => {
  test('the owner schedules a call and invites a guest speaker and a volunteer moderator', async () => {
    const page = owner.page;
    await page.getByTestId('new-call').click();
    await page.waitForURL(`${origin}/console/calls/new`);
    await page.getByTestId('call-title').fill('Coalition call, August 6');
    await page.getByTestId('call-scheduled').check();
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    await page.getByTestId('call-when').fill(`${tomorrow.toISOString().slice(0, 10)}T19:00`);
    await expectAccessibleEverywhere(page, 'call form');
    await page.getByTestId('call-save').click();
    await page.waitForURL((url) => /^\/console\/calls\/[A-Za-z0-9_-]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
    callId = new URL(page.url()).pathname.split('/').pop()!;
    expect(server.app.store.getCall(callId)?.schedule.startsAt).toBeGreaterThan(Date.now());

    for (const [role, name] of [['speaker', 'Dr. Sam Speaker'], ['moderator', 'Val Volunteer']] as const) {
      await page.getByTestId('invite-role').selectOption(role);
      await page.getByTestId('invite-name').fill(name);
      await page.getByTestId('invite-submit').click();
      // The field still shows the previous invitation's link until this one's answer arrives.
      const earlier = Object.values(links);
      await expect
        .poll(() => page.getByTestId('fresh-link-value').inputValue())
        .toSatisfy((v: string) => v.includes(`/c/${callId}?invite=`) && !earlier.includes(v));
      links[role] = await page.getByTestId('fresh-link-value').inputValue();
      await page.getByTestId(`invitation-${name}`).waitFor();
    }
    expect(links.speaker).not.toBe(links.moderator);
    await expectAccessibleEverywhere(page, 'call page');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshots(page, 'console-call');
    await page.goto(`${origin}/console`);
    await page.getByTestId('calls-upcoming').getByText('Coalition call, August 6').waitFor();
    await expectAccessibleEverywhere(page, 'calls');
    await screenshots(page, 'console-calls');
    // Phone-sized: the menu folds behind a button that says whether it is open.
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('true');
    await expectAccessibleEverywhere(page, 'calls on a phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('each guest joins through their personal link with their role and its powers', async () => {
    people.speaker = await newPerson(chromium.browser);
    people.moderator = await newPerson(chromium.browser);
    await joinCall(people.speaker!.page, links.speaker!, 'Dr. Sam Speaker', { camera: false, microphone: false });
    await joinCall(people.moderator!.page, links.moderator!, 'Val Volunteer', { camera: false, microphone: false });
    expect(await people.speaker!.page.getByTestId('call').getAttribute('data-role')).toBe('speaker');
    expect(await people.moderator!.page.getByTestId('call').getAttribute('data-role')).toBe('moderator');
    const speakerId = await identityOf(people.speaker!.page);
    const moderatorId = await identityOf(people.moderator!.page);
    await expect.poll(inLivekit, { timeout: 15_000 }).toEqual(expect.arrayContaining([speakerId, moderatorId]));
    // The speaker may publish (LiveKit says so); the moderator may mute the speaker, not the reverse.
    const speakerInfo = await server.app.livekit.rooms.getParticipant(callId, speakerId);
    expect(speakerInfo.permission?.canPublish).toBe(true);
    const command = (page: Page, cmd: object) => page.evaluate((c) => (globalThis as unknown as { caucus: { command(c: object): Promise<boolean> } }).caucus.command(c), cmd);
    expect(await command(people.moderator!.page, { type: 'mute', participant: speakerId })).toBe(true);
    expect(await command(people.speaker!.page, { type: 'mute', participant: moderatorId })).toBe(false);
  });

  test("the speaker's link opened in a second browser is refused", async () => {
    const other = await newPerson(chromium.browser);
    await joinThroughUi(other.page, links.speaker!, 'Not Sam', { camera: false, microphone: false });
    await expect.poll(() => other.page.getByTestId('join-error').getAttribute('data-code'), { timeout: 10_000 }).toBe('invitation_used');
    await other.context.close();
  });

  test('the owner revokes the moderator: out of the call and of LiveKit within a second', async () => {
    const moderatorId = await identityOf(people.moderator!.page);
    const page = owner.page;
    await page.goto(`${origin}/console/calls/${callId}`);
    await page.getByTestId('revoke-Val Volunteer').click();
    await page.getByTestId('revoke-Val Volunteer-dialog').waitFor();
    const clicked = performance.now();
    await page.getByTestId('revoke-Val Volunteer-confirm').click();
    await expect.poll(inLivekit, { timeout: 1000, interval: 50 }).not.toContain(moderatorId);
    console.log(`revoked moderator out of LiveKit ${Math.round(performance.now() - clicked)} ms after the confirm click`);
    expect(server.app.calls.get(callId)!.state.members.get(moderatorId)?.status).toBe('removed');
    await people.moderator!.page.getByTestId('gone').waitFor({ timeout: 5000 });
    // The same link cannot bring them back.
    const back = await newPerson(chromium.browser);
    await joinThroughUi(back.page, links.moderator!, 'Val Again', { camera: false, microphone: false });
    await expect.poll(() => back.page.getByTestId('join-error').getAttribute('data-code'), { timeout: 10_000 }).toBe('bad_invite');
    await back.context.close();
  });
});

describe('sessions and passwords', () => {
  test('an organizer invited from the console signs up and back in with a password', async () => {
    const page = owner.page;
    await page.goto(`${origin}/console/coalition`);
    await page.getByLabel('Role', { exact: true }).selectOption('organizer');
    await page.getByLabel('Their name').fill('Oscar Organizer');
    await page.getByRole('button', { name: 'Create the invitation' }).click();
    const link = await page.getByTestId('member-link').inputValue();
    await expectAccessibleEverywhere(page, 'coalition');

    const oscar = (people.oscar = await newPerson(chromium.browser));
    await oscar.page.goto(link);
    await oscar.page.getByTestId('claim-name').fill('Oscar Organizer');
    await oscar.page.getByTestId('claim-email').fill('oscar@example.org');
    await oscar.page.getByTestId('method-password').check();
    await oscar.page.getByTestId('claim-password').fill('oscar has a long passphrase');
    await oscar.page.getByTestId('claim-submit').click();
    await oscar.page.waitForURL(`${origin}/console`);
    await oscar.page.getByTestId('sign-out').click();
    await oscar.page.waitForURL(`${origin}/signin`);
    await oscar.page.getByTestId('signin-email').fill('oscar@example.org');
    await oscar.page.getByTestId('signin-password').fill('not his passphrase');
    await oscar.page.getByTestId('signin-submit').click();
    await expect.poll(() => oscar.page.getByTestId('console-error').getAttribute('data-code')).toBe('sign_in_failed');
    await oscar.page.getByTestId('signin-password').fill('oscar has a long passphrase');
    await oscar.page.getByTestId('signin-submit').click();
    await oscar.page.waitForURL(`${origin}/console`);
    expect((await authState(oscar.page)).account?.role).toBe('organizer');
  });

  test('sign out everywhere ends every session of the account', async () => {
    const phone = (people.ownerPhone = await newPerson(chromium.browser, PHONE));
    // The phone has no passkey of its own: the owner signs in there with a password set now.
    await owner.page.goto(`${origin}/console/account`);
    await owner.page.getByLabel('Password (at least 12 characters)').fill('owner also has a passphrase');
    await owner.page.getByRole('button', { name: 'Set a password' }).click();
    await owner.page.getByText('Saved.').waitFor();
    await phone.page.goto(`${origin}/signin`);
    await phone.page.getByTestId('signin-email').fill('olivia@example.org');
    await phone.page.getByTestId('signin-password').fill('owner also has a passphrase');
    await phone.page.getByTestId('signin-submit').click();
    await phone.page.waitForURL(`${origin}/console`);
    await owner.page.reload();
    await owner.page.getByTestId('sessions').getByText('This browser').waitFor();
    expect(await owner.page.getByTestId('sessions').locator('li').count()).toBeGreaterThanOrEqual(2);
    await expectAccessibleEverywhere(owner.page, 'account');
    await screenshots(owner.page, 'console-account');

    await owner.page.getByTestId('sign-out-everywhere').click();
    await owner.page.getByTestId('sign-out-everywhere-confirm').click();
    await owner.page.waitForURL(`${origin}/signin`);
    expect((await authState(owner.page)).account).toBeNull();
    expect((await authState(phone.page)).account).toBeNull();
    // Oscar's own session is his: untouched.
    expect((await authState(people.oscar!.page)).account?.role).toBe('organizer');
  });
});
