// The running counts (throttled `tallies` frames) of a poll, a vote, and the questions' upvotes.
import { useMemo } from 'react';
import { useCallSelector } from '../../hooks/useCallSelector';

export function usePollTally(id: string) {
  return useCallSelector((v) => v.tallies?.polls.find((p) => p.id === id) ?? null);
}

export function useVoteTally(id: string) {
  return useCallSelector((v) => v.tallies?.votes.find((p) => p.id === id) ?? null);
}

/** Upvotes per question id, as last counted by the server. */
export function useUpvotes(): ReadonlyMap<string, number> {
  const questions = useCallSelector((v) => v.tallies?.questions ?? null);
  return useMemo(() => new Map((questions ?? []).map((q) => [q.id, q.upvotes])), [questions]);
}
