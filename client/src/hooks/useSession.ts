import { createContext, useContext } from 'react';
import type { CallSession } from '../protocol/session';

export const SessionContext = createContext<CallSession | null>(null);

/** The call session of the enclosing <SessionContext.Provider>. */
export function useSession(): CallSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionContext.Provider> (a call screen)');
  return session;
}
