// The side panel's "Votes" tab: moderators start polls and votes here; everyone finds the results
// of earlier ones (the open ones are on the stage).
import { roleMayIssue } from '@caucus/shared';
import { sameItems, useCall } from '../../hooks/useCallSelector';
import { useYou } from '../../hooks/useYou';
import { DecideComposer } from './DecideComposer';
import { PollCard } from './PollCard';
import { VoteCard } from './VoteCard';

export function VotesPanel() {
  const you = useYou();
  const staff = roleMayIssue(you.role, 'open_vote');
  const polls = useCall((c) => c.polls.filter((p) => p.status === 'closed' && !p.pinned), sameItems);
  const votes = useCall((c) => c.votes.filter((v) => v.status !== 'open' && v !== c.votes.at(-1)), sameItems);
  return (
    <section className="panel" aria-labelledby="votes-title">
      <h2 id="votes-title">Polls and votes</h2>
      {staff ? <DecideComposer /> : null}
      {polls.length === 0 && votes.length === 0 ? <p className="muted">Earlier results appear here; open polls and votes are on the stage.</p> : null}
      {[...polls].reverse().map((p) => (
        <PollCard key={p.id} poll={p} level={3} />
      ))}
      {[...votes].reverse().map((v) => (
        <VoteCard key={v.id} vote={v} level={3} />
      ))}
    </section>
  );
}
