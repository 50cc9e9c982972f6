// The running counts everyone may see while polls, votes and questions are open: how many have
// answered or voted, a live poll's counts, each question's upvotes. The server sends them in a
// throttled `tallies` frame (never a frame per answer or ballot) and clients show them over their
// state. Never a sealed count: a hidden poll's counts and every vote's choices wait for the close.
import type { TalliesFrame } from '../protocol/server-frames';
import type { CallState } from './state';

export function talliesOf(state: CallState): Omit<TalliesFrame, 'type'> {
  const polls = state.polls
    .filter((p) => p.status === 'open')
    .map((p) => {
      const answers = Object.values(p.answers);
      const counts = p.live ? p.options.map((_, i) => answers.filter((a) => a === i).length) : null;
      return { id: p.id, answered: answers.length, counts };
    });
  const votes = state.votes
    .filter((v) => v.status === 'open')
    .map((v) => ({ id: v.id, ballots: Object.keys(v.voted).length, rollSize: Object.keys(v.entries ?? {}).length }));
  const questions = state.questions.filter((q) => !q.hidden).map((q) => ({ id: q.id, upvotes: Object.keys(q.upvoters).length }));
  return { polls, votes, questions };
}
