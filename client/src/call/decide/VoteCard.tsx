// A vote: the ballot while it is open (yes / no / abstain, or up to k candidates), who may vote
// and how it is decided, the turnout as the server counts it, and the result once it closes.
// A secret ballot goes to the server's ballot box and waits there to be sealed with others.
import { roleMayIssue, type Member, type Vote, type VoteResult } from '@caucus/shared';
import { useState } from 'react';
import { useCall, useCallSelector } from '../../hooks/useCallSelector';
import { useCommand } from '../../hooks/useCommand';
import { useSession } from '../../hooks/useSession';
import { useYou } from '../../hooks/useYou';
import { ResultChart } from './ResultChart';
import { useVoteTally } from './useTallies';

const ROLL = { present: 'everyone present', registered: 'registered members present', delegates: 'one delegate per member organization, at its weight' } as const;
const THRESHOLD = { majority_cast: 'majority of the votes cast', two_thirds: 'two thirds of the votes cast', majority_roll: 'majority of the roll' } as const;
const OUTCOME: Record<VoteResult['outcome'], string> = {
  adopted: 'Adopted',
  rejected: 'Rejected',
  no_quorum: 'No quorum: not decided',
  elected: 'Elected',
  none_elected: 'Nobody elected',
};

/** Whether this person may vote, as far as the client can tell (the server decides). */
function mayVote(vote: Vote, me: Member | undefined): boolean {
  if (!me) return false;
  if (vote.roll === 'registered') return me.registered === true;
  if (vote.roll === 'delegates') return !!me.org;
  return true;
}

function Ballot({ vote }: { vote: Vote }) {
  const session = useSession();
  const send = useCommand();
  const [choices, setChoices] = useState<number[]>([]);
  const single = vote.kind === 'yes_no';
  const toggle = (i: number) =>
    setChoices((cs) => (single ? [i] : cs.includes(i) ? cs.filter((c) => c !== i) : cs.length < vote.maxChoices ? [...cs, i] : cs));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (vote.secret) session.castSecretBallot(vote.id, choices);
    else void send({ type: 'cast_ballot', voteId: vote.id, choices }, 'Your ballot is cast');
  };
  return (
    <form onSubmit={submit} data-testid="ballot">
      <fieldset className="decide-options">
        <legend>{single ? 'Your vote' : `Choose up to ${vote.maxChoices}`}</legend>
        {vote.options.map((option, i) => (
          <label key={option} className="decide-option">
            <input type={single ? 'radio' : 'checkbox'} name={`ballot-${vote.id}`} checked={choices.includes(i)} onChange={() => toggle(i)} />
            {option}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary" disabled={single && choices.length === 0} data-testid="cast-ballot">
        {vote.secret ? 'Cast a secret ballot' : 'Cast your ballot'}
      </button>
      <p className="help">One ballot: it cannot be changed once cast.</p>
    </form>
  );
}

function Result({ vote, result }: { vote: Vote; result: VoteResult }) {
  const winners = new Set(vote.kind === 'yes_no' ? (result.outcome === 'adopted' ? [0] : []) : result.elected);
  const counted = vote.kind === 'yes_no' ? (result.tally[0] ?? 0) + (result.tally[1] ?? 0) : result.weightCast;
  return (
    <>
      <p className="decide-outcome" data-testid="vote-outcome">
        {OUTCOME[result.outcome]}
        {result.elected.length ? `: ${result.elected.map((i) => vote.options[i]).join(', ')}` : ''}
      </p>
      <p className="muted">
        {result.ballots} ballots ({result.weightCast} of {result.rollWeight} votes on the roll){vote.quorum ? `; quorum ${vote.quorum}% ${result.quorumMet ? 'met' : 'not met'}` : ''}.
      </p>
      <ResultChart caption="Results" rows={vote.options.map((label, i) => ({ label, count: result.tally[i] ?? 0, winner: winners.has(i) }))} total={counted} testId="vote-result" />
      {vote.named?.length ? (
        <details>
          <summary>How each person voted</summary>
          <ul className="plain-list">
            {vote.named.map((b) => (
              <li key={b.identity}>
                {b.name}: {b.choices.map((c) => vote.options[c]).join(', ') || 'abstained'}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

/** `level`: 2 on the stage (under the call's title), 3 in the side panel (under its own h2). */
export function VoteCard({ vote, level = 2 }: { vote: Vote; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const send = useCommand();
  const you = useYou();
  const me = useCall((c) => c.members.get(you.identity));
  const tally = useVoteTally(vote.id);
  const waiting = useCallSelector((v) => vote.id in v.ballotsWaiting);
  const voted = Object.values(vote.voted).includes(you.identity);
  const staff = roleMayIssue(you.role, 'close_vote');
  const titleId = `vote-${vote.id}`;
  return (
    <section className="panel decide-card" aria-labelledby={titleId} data-testid="vote-card">
      <p className="eyebrow">
        {vote.secret ? 'Secret vote' : 'Named vote'}
        {vote.status === 'cancelled' ? ' · cancelled' : vote.status === 'closed' ? ' · closed' : ''}
      </p>
      <Heading id={titleId} className="decide-title">
        {vote.title}
      </Heading>
      <p className="muted">
        Who votes: {ROLL[vote.roll]}. Carried by a {THRESHOLD[vote.threshold]}
        {vote.quorum ? `, with a quorum of ${vote.quorum}% of the roll` : ''}.
      </p>
      {vote.status === 'open' ? (
        <>
          <p className="muted" data-testid="vote-turnout" aria-live="polite">
            {tally ? `${tally.ballots} of ${tally.rollSize} on the roll have voted` : 'Voting is open'}. Results are sealed until the vote closes.
          </p>
          {voted ? (
            <p className="notice" data-testid="you-voted">
              You have voted{vote.choices[you.identity] ? `: ${vote.choices[you.identity]!.map((c) => vote.options[c]).join(', ') || 'abstained'}` : ''}.
            </p>
          ) : waiting ? (
            <p className="notice" role="status" data-testid="ballot-waiting">
              Your secret ballot is in the box: it is sealed together with others before it is counted.
            </p>
          ) : mayVote(vote, me) ? (
            <Ballot vote={vote} />
          ) : (
            <p className="muted">You are not on the roll of this vote.</p>
          )}
        </>
      ) : vote.result ? (
        <Result vote={vote} result={vote.result} />
      ) : null}
      {staff && vote.status === 'open' ? (
        <div className="button-row">
          <button type="button" className="primary" onClick={() => void send({ type: 'close_vote', voteId: vote.id }, 'Vote closed')} data-testid="close-vote">
            Close the vote and publish the result
          </button>
          <button type="button" onClick={() => void send({ type: 'cancel_vote', voteId: vote.id }, 'Vote cancelled')}>
            Cancel the vote
          </button>
        </div>
      ) : null}
    </section>
  );
}
