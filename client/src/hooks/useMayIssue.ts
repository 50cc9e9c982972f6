import { roleMayIssue, type CommandType } from '@caucus/shared';
import { useYou } from './useYou';

/** Whether the shared permission table lets this person send `type` (controls are gated on it). */
export function useMayIssue(type: CommandType): boolean {
  return roleMayIssue(useYou().role, type);
}
