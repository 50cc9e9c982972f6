import { useCallback } from 'react';
import type { OutgoingCommand } from '../protocol/socket';
import { useSession } from './useSession';

/** Sends a command; the toast on success (if given) and on refusal is handled for you. */
export function useCommand(): (command: OutgoingCommand, success?: string) => Promise<boolean> {
  const session = useSession();
  return useCallback((command, success) => session.command(command, success), [session]);
}
