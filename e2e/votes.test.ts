// Issue 14 through the real web app, server and LiveKit, with several people in Chromium: a quick
// poll answered (and an answer changed) whose result is pinned on everyone's stage; a secret vote
// with a quorum whose ballots wait sealed in the server's ballot box and whose result nobody (the
// host included) receives before the close; a question upvoted and its anonymous asker invited
// into the queue. Every screen is checked with axe at four sizes.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCall, type CreatedCall } from '../test/api';
import { launchBrowser, type TestBrowser } from '../test/browser';
import { startTestServer, type TestServer } from '../test/server';
import { expectAccessibleEverywhere, identityOf, joinCall, newPerson, screenshots, type Person } from './support/caucus';

let server: TestServer;
let chromium: TestBrowser;
let call: CreatedCall;
let host: Person;
let ana: Person;
let ben: Person;
let cleo: Person;
/** Every websocket frame the host's page received, in order. */
const hostFrames: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  chromium = await launchBrowser();
  call = await createCall(server.baseUrl, {}, 'Coalition assembly');
  host = await newPerson(chromium.browser);
  host.page.on('websocket', (ws) => ws.on('framereceived', (f) => hostFrames.push(String(f.payload))));
  [ana, ben, cleo] = await Promise.all([newPerson(chromium.browser), newPerson(chromium.browser), newPerson(chromium.browser)]);
  await joinCall(host.page, call.links.host, 'Hana Host');
  await joinCall(ana.page, call.links.participant, 'Ana Alves');
  await joinCall(ben.page, call.links.participant, 'Ben Brown');
  await joinCall(cleo.page, call.links.participant, 'Cleo Chen');
});

afterAll(async () => {
  for (const p of [host, ana, ben, cleo]) if (p?.errors.length) console.log(p.errors.slice(0, 10).join('\n'));
  await chromium?.close();
  await server?.close();
});

const audience = () => [ana, ben, cleo];
/** Counts come in throttled frames (every 2 s at most): wait longer than vitest's 1 s default. */
const SLOW = { timeout: 10_000 };

describe('deciding together', () => {
  test('a quick poll: everyone answers, one changes their mind, the live count follows, the close pins the result on every stage', async () => {
    await host.page.getByTestId('tab-votes').click();
    await host.page.getByText('New quick poll').click();
    await host.page.getByTestId('poll-question').fill('Topic of the next call?');
    await host.page.getByTestId('poll-options').fill('Housing\nTransit');
    await host.page.getByLabel('Show results while the poll runs').check();
    await host.page.getByTestId('open-poll').click();

    for (const p of audience()) await p.page.getByTestId('poll-card').getByLabel('Housing').check();
    await ben.page.getByTestId('poll-card').getByLabel('Transit').check(); // changed his mind
    await expect.poll(() => host.page.getByTestId('poll-answered').first().textContent(), { timeout: 10_000 }).toContain('3 answered');
    await expectAccessibleEverywhere(ana.page, 'an open poll');

    await host.page.getByTestId('close-poll').click();
    for (const p of [host, ...audience()]) {
      const result = p.page.getByTestId('poll-result');
      await expect.poll(() => result.getByTestId('result-count').allTextContents(), SLOW).toEqual(['2', '1']);
    }
    await expect.poll(() => ana.page.getByTestId('poll-card').getByRole('table').getAttribute('class')).toBe('result-chart');
  });

  test('a secret vote with a quorum: ballots wait sealed, nobody sees a count of choices before the close, then the result for all', async () => {
    await host.page.getByText('New vote').click();
    await host.page.getByTestId('vote-title').fill('Adopt the housing platform');
    await host.page.getByTestId('vote-quorum').fill('50');
    await expect.poll(() => host.page.getByTestId('vote-secret').isChecked()).toBe(true);
    await host.page.getByTestId('open-vote').click();

    const cast = async (p: Person, choice: 'Yes' | 'No') => {
      const card = p.page.getByTestId('vote-card');
      await card.getByLabel(choice, { exact: true }).check();
      await card.getByTestId('cast-ballot').click();
      await card.getByTestId('ballot-waiting').waitFor();
    };
    await cast(ana, 'Yes');
    await cast(ben, 'No');
    await cast(cleo, 'Yes');
    // Three of four on the roll is below a batch: still in the box, so the turnout shows none yet.
    await expect.poll(() => host.page.getByTestId('vote-turnout').textContent(), SLOW).toContain('0 of 4 on the roll have voted');
    await screenshots(ana.page, 'vote-secret-waiting');
    await expectAccessibleEverywhere(cleo.page, 'a secret ballot waiting to be sealed');

    const beforeClose = hostFrames.length;
    await host.page.getByTestId('close-vote').click();
    for (const p of [host, ...audience()]) {
      await expect.poll(() => p.page.getByTestId('vote-outcome').textContent(), SLOW).toBe('Adopted');
      await expect.poll(() => p.page.getByTestId('vote-result').getByTestId('result-count').allTextContents(), SLOW).toEqual(['2', '1', '0']);
    }
    // The voters hear their ballots were sealed (no seq in that answer).
    for (const p of audience()) await expect.poll(() => p.page.getByTestId('ballot-waiting').count(), SLOW).toBe(0);
    // Before the close the host, of all people, never received a tally or anyone's choice.
    const leaked = hostFrames.slice(0, beforeClose).filter((f) => /"(tally|choices|sealed)":\[/.test(f));
    expect(leaked).toEqual([]);
    expect(hostFrames.slice(beforeClose).some((f) => f.includes('"vote_closed"'))).toBe(true);
    await expect.poll(() => ana.page.getByText('quorum 50% met').count()).toBe(1);
    await screenshots(ana.page, 'vote-result');
    await expectAccessibleEverywhere(ana.page, 'a vote result on stage');
  });

  test('a question asked anonymously is upvoted, sorted first, and its asker invited into the queue', async () => {
    const cleoId = await identityOf(cleo.page);
    for (const p of [host, ...audience()]) await p.page.getByTestId('tab-questions').click();
    await ana.page.getByTestId('question-input').fill('When do we vote on transit?');
    await ana.page.getByTestId('ask-question').click();
    await cleo.page.getByTestId('question-input').fill('What about rent caps?');
    await cleo.page.getByTestId('question-anonymous').check();
    await cleo.page.getByTestId('ask-question').click();

    await expect.poll(() => ben.page.getByTestId('question').count(), SLOW).toBe(2);
    await ben.page.getByTestId('question').filter({ hasText: 'rent caps' }).getByTestId('upvote').click();
    await ana.page.getByTestId('question').filter({ hasText: 'rent caps' }).getByTestId('upvote').click();
    // Sorted by upvotes on every screen (the counts arrive throttled); the asker is hidden from the audience.
    for (const p of [host, ben]) {
      await expect.poll(() => p.page.getByTestId('question').first().textContent(), { timeout: 10_000 }).toContain('rent caps');
      await expect.poll(() => p.page.getByTestId('question').first().getByTestId('upvotes').textContent(), { timeout: 10_000 }).toBe('2');
    }
    await expect.poll(() => ben.page.getByTestId('question').first().textContent()).toContain('Anonymous');
    await expect.poll(() => host.page.getByTestId('question').first().textContent()).toContain('Cleo Chen');
    await expect.poll(() => ben.page.getByTestId('question').first().getByTestId('upvote').getAttribute('aria-pressed')).toBe('true');
    await expectAccessibleEverywhere(ben.page, 'questions');

    await host.page.getByTestId('question').first().getByTestId('invite-queue').click();
    await expect.poll(() => cleo.page.getByTestId('my-position').textContent(), SLOW).toBe('1st');
    await expect.poll(() => host.page.getByTestId('queue-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-identity')))).toEqual([cleoId]);
    await host.page.getByTestId('tab-votes').click();
    await expectAccessibleEverywhere(host.page, 'the moderator’s votes tab');
  });
});
