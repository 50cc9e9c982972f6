import { useEffect } from 'react';

/** Each screen names itself in the tab title ("Lobby: Coalition call - Caucus"). */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} - Caucus`;
  }, [title]);
}
