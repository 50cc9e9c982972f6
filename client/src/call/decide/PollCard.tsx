// A quick poll: answer (and change the answer) while it is open; the counts when the moderators
// made it live, and at the close, where the result stays on stage until a moderator takes it off.
import { roleMayIssue, type Poll } from '@caucus/shared';
import { useState } from 'react';
import { useCommand } from '../../hooks/useCommand';
import { useYou } from '../../hooks/useYou';
import { ResultChart } from './ResultChart';
import { usePollTally } from './useTallies';

/** `level`: 2 on the stage (under the call's title), 3 in the side panel (under its own h2). */
export function PollCard({ poll, level = 2 }: { poll: Poll; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const send = useCommand();
  const you = useYou();
  const tally = usePollTally(poll.id);
  const mine = poll.answers[you.identity];
  // The choice shows at once; the server's answer (poll_answered) confirms it, a refusal undoes it.
  const [picked, setPicked] = useState<number | null>(null);
  const shown = picked ?? mine;
  const answer = async (option: number) => {
    setPicked(option);
    await send({ type: 'answer_poll', pollId: poll.id, option });
    setPicked(null);
  };
  const staff = roleMayIssue(you.role, 'close_poll');
  const counts = poll.result?.counts ?? tally?.counts ?? null;
  const answered = poll.result?.answered ?? tally?.answered ?? 0;
  const titleId = `poll-${poll.id}`;
  return (
    <section className="panel decide-card" aria-labelledby={titleId} data-testid="poll-card">
      <p className="eyebrow">{poll.status === 'open' ? 'Poll' : 'Poll result'}</p>
      <Heading id={titleId} className="decide-title">
        {poll.question}
      </Heading>
      {poll.status === 'open' ? (
        <fieldset className="decide-options">
          <legend className="visually-hidden">Your answer</legend>
          {poll.options.map((option, i) => (
            <label key={option} className="decide-option">
              <input type="radio" name={titleId} checked={shown === i} onChange={() => void answer(i)} />
              {option}
            </label>
          ))}
        </fieldset>
      ) : null}
      <p className="muted" data-testid="poll-answered" aria-live="polite">
        {answered} answered{poll.status === 'open' && mine !== undefined ? ` · you answered ${poll.options[mine]} (you may change it until the poll closes)` : ''}
      </p>
      {counts ? (
        <ResultChart caption={poll.status === 'open' ? 'Live results' : 'Results'} rows={poll.options.map((label, i) => ({ label, count: counts[i] ?? 0 }))} total={answered} testId="poll-result" />
      ) : poll.status === 'open' ? (
        <p className="muted">Results are shown when the poll closes.</p>
      ) : null}
      {staff ? (
        <div className="button-row">
          {poll.status === 'open' ? (
            <button type="button" className="primary" onClick={() => void send({ type: 'close_poll', pollId: poll.id }, 'Poll closed')} data-testid="close-poll">
              Close the poll
            </button>
          ) : poll.pinned ? (
            <button type="button" onClick={() => void send({ type: 'unpin_poll', pollId: poll.id })}>
              Take off the stage
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
