import type { You } from '../protocol/view';
import { useCallSelector } from './useCallSelector';

const NOBODY: You = { identity: '', role: 'participant', status: 'present' };

/** Who this person is in the call (identity, role, status). */
export function useYou(): You {
  return useCallSelector((view) => view.you ?? NOBODY);
}
