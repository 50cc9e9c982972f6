import { createContext, useContext } from 'react';
import type { CallState } from '@caucus/shared';
import type { You } from '../protocol/view';

export interface InCall {
  call: CallState;
  you: You;
}

export const InCallContext = createContext<InCall | null>(null);

/** The call state and who you are, for components rendered inside the call screen only. */
export function useInCall(): InCall {
  const value = useContext(InCallContext);
  if (!value) throw new Error('useInCall must be used inside the call screen (<InCallContext.Provider>)');
  return value;
}
