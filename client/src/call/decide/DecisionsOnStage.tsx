// What the call is deciding, under the stage: open polls and votes to answer, the poll result a
// moderator pinned, and the latest vote's result once it closes.
import { sameItems, useCall } from '../../hooks/useCallSelector';
import { PollCard } from './PollCard';
import { VoteCard } from './VoteCard';

export function DecisionsOnStage() {
  const polls = useCall((c) => c.polls.filter((p) => p.status === 'open' || p.pinned), sameItems);
  const votes = useCall((c) => {
    const latest = c.votes.at(-1);
    return c.votes.filter((v) => v.status === 'open' || (v === latest && v.status === 'closed'));
  }, sameItems);
  if (polls.length === 0 && votes.length === 0) return null;
  return (
    <section className="decide-stage" aria-label="On the stage: polls and votes">
      {polls.map((p) => (
        <PollCard key={p.id} poll={p} />
      ))}
      {votes.map((v) => (
        <VoteCard key={v.id} vote={v} />
      ))}
    </section>
  );
}
