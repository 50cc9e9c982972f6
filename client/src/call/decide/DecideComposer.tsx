// Moderators start a quick poll or a vote. Everything here is checked again by the server.
import { POLL_MAX_OPTIONS, type RollKind, type Threshold } from '@caucus/shared';
import { useState } from 'react';
import { useCommand } from '../../hooks/useCommand';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function PollForm() {
  const send = useCommand();
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const [live, setLive] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const list = lines(options);
    const ok = await send({ type: 'open_poll', question, live, ...(list.length ? { options: list } : {}) }, 'Poll opened');
    if (ok) setQuestion('');
  };
  return (
    <form onSubmit={submit} className="decide-form" data-testid="poll-form">
      <label>
        Question
        <input value={question} onChange={(e) => setQuestion(e.target.value)} maxLength={300} required data-testid="poll-question" />
      </label>
      <label>
        Options, one per line (2 to {POLL_MAX_OPTIONS}; empty for yes / no / abstain)
        <textarea value={options} onChange={(e) => setOptions(e.target.value)} rows={3} data-testid="poll-options" />
      </label>
      <label className="inline-field">
        <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Show results while the poll runs
      </label>
      <button type="submit" className="primary" data-testid="open-poll">
        Open the poll
      </button>
    </form>
  );
}

function VoteForm() {
  const send = useCommand();
  const [title, setTitle] = useState('');
  const [candidates, setCandidates] = useState('');
  const [maxChoices, setMaxChoices] = useState(1);
  const [roll, setRoll] = useState<RollKind>('present');
  const [secret, setSecret] = useState(true);
  const [threshold, setThreshold] = useState<Threshold>('majority_cast');
  const [quorum, setQuorum] = useState(0);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const list = lines(candidates);
    const ok = await send(
      list.length
        ? { type: 'open_vote', title, kind: 'candidates', candidates: list, maxChoices, roll, secret, threshold, quorum }
        : { type: 'open_vote', title, kind: 'yes_no', roll, secret, threshold, quorum },
      'Vote opened',
    );
    if (ok) setTitle('');
  };
  return (
    <form onSubmit={submit} className="decide-form" data-testid="vote-form">
      <label>
        Motion or election
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} required data-testid="vote-title" />
      </label>
      <label>
        Candidates, one per line (empty for yes / no / abstain)
        <textarea value={candidates} onChange={(e) => setCandidates(e.target.value)} rows={3} />
      </label>
      <label>
        Each ballot chooses up to
        <input type="number" min={1} max={50} value={maxChoices} onChange={(e) => setMaxChoices(Number(e.target.value) || 1)} />
      </label>
      <label>
        Who votes
        <select value={roll} onChange={(e) => setRoll(e.target.value as RollKind)} data-testid="vote-roll">
          <option value="present">Everyone present</option>
          <option value="registered">Registered members present</option>
          <option value="delegates">One delegate per member organization (weighted)</option>
        </select>
      </label>
      <label>
        Carried by
        <select value={threshold} onChange={(e) => setThreshold(e.target.value as Threshold)}>
          <option value="majority_cast">A majority of the votes cast</option>
          <option value="two_thirds">Two thirds of the votes cast</option>
          <option value="majority_roll">A majority of the roll</option>
        </select>
      </label>
      <label>
        Quorum: share of the roll that must vote (%, 0 for none)
        <input type="number" min={0} max={100} value={quorum} onChange={(e) => setQuorum(Number(e.target.value) || 0)} data-testid="vote-quorum" />
      </label>
      <label className="inline-field">
        <input type="checkbox" checked={secret} onChange={(e) => setSecret(e.target.checked)} data-testid="vote-secret" /> Secret ballot
      </label>
      <button type="submit" className="primary" data-testid="open-vote">
        Open the vote
      </button>
    </form>
  );
}

export function DecideComposer() {
  return (
    <div className="decide-composer">
      <details>
        <summary>New quick poll</summary>
        <PollForm />
      </details>
      <details>
        <summary>New vote</summary>
        <VoteForm />
      </details>
    </div>
  );
}
