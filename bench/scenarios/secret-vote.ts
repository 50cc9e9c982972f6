// Secret vote at national-call scale: N participants connected, the host opens a secret yes/no
// vote, everyone casts a ballot within `castWindowMs` (issue 14: 5,000 ballots within 10 s), the
// host closes it. Figures:
// - time to seal: from the last ballot sent until every voter heard `ballot_sealed`;
// - time to tally: from the host's close_vote until the last client has `vote_closed`;
// - exactness: the published tally equals the ballots the generator cast (it alone knows them);
// - bytes per client while the ballots came in, against what one frame per ballot to everyone
//   would have cost (the baseline of the same run: N x the size of one `ballot_cast` event frame).
import { performance } from 'node:perf_hooks';
import { setAppliedHook, setFrameHook, type BenchClient } from '../lib/caucus-client';
import { closeAll, fill, openCall } from '../lib/people';
import { pool, sleep } from '../lib/stats';

export interface SecretVoteConfig {
  baseUrl: string;
  organizerKey: string;
  n: number;
  castWindowMs: number;
  joinConcurrency: number;
}

export interface SecretVoteResult {
  n: number;
  castMs: number;
  sealMs: number;
  tallyMs: number;
  expected: number[];
  published: number[] | null;
  exact: boolean;
  sealedVoters: number;
  bytesPerClient: number;
  framesPerClient: number;
  perBallotBroadcastBytes: number;
}

export async function runSecretVote(cfg: SecretVoteConfig, log: (line: string) => void): Promise<SecretVoteResult> {
  const { call, host } = await openCall(cfg.baseUrl, cfg.organizerKey);
  log(`secret vote: filling ${cfg.n} participants`);
  const people = await fill(cfg.baseUrl, call, cfg.n, cfg.joinConcurrency, () => false);
  await sleep(2500); // the arrivals' head count goes out first
  const opened = await host.command({ type: 'open_vote', title: 'Adopt the platform', kind: 'yes_no', roll: 'present', secret: true, threshold: 'majority_cast', quorum: 50 });
  if (opened.type !== 'ack') throw new Error(`open_vote refused: ${JSON.stringify(opened)}`);
  const voteId = await waitForVoteId(host);

  const sealed = new Set<BenchClient>();
  let lastSealedAt = 0;
  let closedCount = 0;
  let lastClosedAt = 0;
  let published: number[] | null = null;
  setFrameHook((client, frame) => {
    if (frame.type === 'ballot_sealed' && !sealed.has(client)) {
      sealed.add(client);
      lastSealedAt = performance.now();
    }
  });
  setAppliedHook((_client, event) => {
    if (event.type === 'vote_closed') {
      closedCount++;
      lastClosedAt = performance.now();
      published = event.result.tally;
    }
  });

  const bytesBefore = people.map((p) => p.bytes);
  const framesBefore = people.map((p) => p.frames);
  const expected = [0, 0, 0];
  const gap = cfg.castWindowMs / cfg.n;
  const start = performance.now();
  await pool(cfg.n, 64, async (i) => {
    const due = start + i * gap;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const choice = i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0;
    expected[choice]! += 1;
    people[i]!.socket.send(JSON.stringify({ type: 'cast_ballot', voteId, choices: [choice], ref: `v${i}` }));
  });
  const lastSent = performance.now();
  const castMs = lastSent - start;
  // Batches are sealed at once when full and every second otherwise; wait until the box is empty.
  const sealDeadline = performance.now() + 30_000;
  while (sealed.size < cfg.n - 4 && performance.now() < sealDeadline) await sleep(20);
  const sealMs = Math.max(0, lastSealedAt - lastSent);
  await sleep(2500); // the throttled running count goes out
  const bytesPerClient = people.reduce((a, p, i) => a + p.bytes - bytesBefore[i]!, 0) / people.length;
  const framesPerClient = people.reduce((a, p, i) => a + p.frames - framesBefore[i]!, 0) / people.length;

  const closeAt = performance.now();
  await host.command({ type: 'close_vote', voteId });
  const closeDeadline = performance.now() + 30_000;
  while (closedCount < people.length + 1 && performance.now() < closeDeadline) await sleep(10);
  const tallyMs = lastClosedAt - closeAt;
  setFrameHook(null);
  setAppliedHook(null);

  // One `ballot_cast` event frame as a per-ballot broadcast would send it (the counterfactual).
  const oneEvent = JSON.stringify({ type: 'event', seq: 12345, event: { type: 'ballot_cast', at: Date.now(), by: people[0]!.identity, voteId, participant: people[0]!.identity, key: people[0]!.identity } });
  const result: SecretVoteResult = {
    n: cfg.n,
    castMs,
    sealMs,
    tallyMs,
    expected,
    published,
    exact: JSON.stringify(published) === JSON.stringify(expected),
    sealedVoters: sealed.size,
    bytesPerClient,
    framesPerClient,
    perBallotBroadcastBytes: cfg.n * Buffer.byteLength(oneEvent),
  };
  closeAll([host, ...people]);
  return result;
}

async function waitForVoteId(host: BenchClient): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const vote = host.state?.votes.at(-1);
    if (vote) return vote.id;
    await sleep(10);
  }
  throw new Error('the host never saw the vote open');
}
