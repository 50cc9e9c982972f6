import { useEffect, useRef, useState } from 'react';
import { announcements, factsOf, type Facts } from '../lib/announce';
import { cachedShownNames } from '../lib/names';
import { useSession } from './useSession';

export interface Announcement {
  id: number;
  text: string;
}

/**
 * The sentence for the live region, by the policy in lib/announce.ts. Listens to the store
 * directly: the call screen does not re-render for changes nobody hears about.
 */
export function useAnnouncements(chatOpen: boolean): Announcement | null {
  const { store } = useSession();
  const [current, setCurrent] = useState<Announcement | null>(null);
  const chatOpenRef = useRef(chatOpen);
  chatOpenRef.current = chatOpen;
  useEffect(() => {
    let before: Facts | null = null;
    let id = 0;
    const check = () => {
      const view = store.getSnapshot();
      if (!view.state || !view.you) return;
      const after = factsOf(view.state, view.you.identity, view.you.role);
      if (before) {
        const said = announcements(before, after, { you: view.you.identity, chatOpen: chatOpenRef.current, names: cachedShownNames(view.state), call: view.state });
        if (said.length) setCurrent({ id: ++id, text: said.join(' ') });
      }
      before = after;
    };
    check();
    return store.subscribe(check);
  }, [store]);
  return current;
}
