// Questions for the speakers: ask (optionally without your name shown), upvote once, sorted by
// upvotes (pinned first, answered last). Moderators pin, mark answered, hide, and invite the asker
// to speak: into the queue, or onto the floor at once.
import { QUESTION_MAX_CHARS, isStaff, type Question } from '@caucus/shared';
import { useState } from 'react';
import { sameItems, useCall } from '../../hooks/useCallSelector';
import { useCommand } from '../../hooks/useCommand';
import { useYou } from '../../hooks/useYou';
import { useUpvotes } from './useTallies';

function QuestionItem({ q, upvotes, staff, you }: { q: Question; upvotes: number; staff: boolean; you: string }) {
  const send = useCommand();
  const upvoted = q.upvoters[you] === true;
  const who = q.anonymous ? (staff && q.askerName ? `${q.askerName} (anonymous to the audience)` : 'Anonymous') : (q.askerName ?? 'Someone');
  const label = q.text.length > 40 ? `${q.text.slice(0, 40)}…` : q.text;
  return (
    <li className={`question${q.pinned ? ' question-pinned' : ''}${q.answered ? ' question-answered' : ''}`} data-testid="question">
      <p className="question-text">{q.text}</p>
      <p className="muted">
        {who}
        {q.pinned ? ' · pinned' : ''}
        {q.answered ? ' · answered' : ''}
        {q.hidden ? ' · hidden from the audience' : ''}
      </p>
      <div className="button-row">
        <button
          type="button"
          aria-pressed={upvoted}
          disabled={upvoted || q.answered}
          onClick={() => void send({ type: 'upvote_question', questionId: q.id })}
          aria-label={`Upvote “${label}”, ${upvotes} upvotes`}
          data-testid="upvote"
        >
          ▲ <span data-testid="upvotes">{upvotes}</span>
        </button>
        {staff ? (
          <>
            <button type="button" onClick={() => void send({ type: 'pin_question', questionId: q.id, pinned: !q.pinned })}>
              {q.pinned ? 'Unpin' : 'Pin'}
            </button>
            {!q.answered ? (
              <button type="button" onClick={() => void send({ type: 'mark_answered', questionId: q.id })}>
                Answered
              </button>
            ) : null}
            <button type="button" onClick={() => void send({ type: 'hide_question', questionId: q.id, hidden: !q.hidden })}>
              {q.hidden ? 'Show' : 'Hide'}
            </button>
            <button type="button" onClick={() => void send({ type: 'invite_asker', questionId: q.id, to: 'queue' }, 'The asker is in the queue')} data-testid="invite-queue">
              Invite to the queue
            </button>
            <button type="button" onClick={() => void send({ type: 'invite_asker', questionId: q.id, to: 'floor' }, 'The asker has the floor')} data-testid="invite-floor">
              Give the floor
            </button>
          </>
        ) : null}
      </div>
    </li>
  );
}

export function QuestionsPanel() {
  const send = useCommand();
  const you = useYou();
  const staff = isStaff(you.role);
  const questions = useCall((c) => c.questions, sameItems);
  const upvotes = useUpvotes();
  const [text, setText] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const count = (q: Question) => upvotes.get(q.id) ?? Object.keys(q.upvoters).length;
  const shown = questions
    .filter((q) => staff || !q.hidden)
    .sort((a, b) => Number(b.pinned) - Number(a.pinned) || Number(a.answered) - Number(b.answered) || count(b) - count(a) || a.at - b.at);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await send({ type: 'ask_question', text, anonymous }, 'Question sent')) setText('');
  };
  return (
    <section className="panel" aria-labelledby="questions-title">
      <h2 id="questions-title">Questions</h2>
      <form onSubmit={submit} className="decide-form">
        <label>
          Your question
          <textarea value={text} onChange={(e) => setText(e.target.value)} maxLength={QUESTION_MAX_CHARS} rows={2} required data-testid="question-input" />
        </label>
        <label className="inline-field">
          <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} data-testid="question-anonymous" /> Ask without showing my name
        </label>
        <button type="submit" className="primary" data-testid="ask-question">
          Ask
        </button>
      </form>
      {shown.length === 0 ? <p className="muted">No questions yet.</p> : null}
      <ol className="plain-list question-list" aria-label="Questions, most upvoted first">
        {shown.map((q) => (
          <QuestionItem key={q.id} q={q} upvotes={count(q)} staff={staff} you={you.identity} />
        ))}
      </ol>
    </section>
  );
}
