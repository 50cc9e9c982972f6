// One join per call per tab, kept in sessionStorage so a reload resumes with the same session
// token (same identity, same queue place) instead of joining again.
import type { JoinResult } from './api';

export interface SavedSession {
  callId: string;
  title: string;
  identity: string;
  name: string;
  role: JoinResult['role'];
  sessionToken: string;
  /** The media choices made on the join screen. */
  media: MediaChoices;
}

export interface MediaChoices {
  audioEnabled: boolean;
  videoEnabled: boolean;
  audioDeviceId: string;
  videoDeviceId: string;
}

const key = (callId: string) => `caucus:session:${callId}`;

export function loadSession(callId: string, storage: Pick<Storage, 'getItem'> = sessionStorage): SavedSession | null {
  try {
    const raw = storage.getItem(key(callId));
    if (!raw) return null;
    const s = JSON.parse(raw) as SavedSession;
    return s && s.callId === callId && typeof s.sessionToken === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s: SavedSession, storage: Pick<Storage, 'setItem'> = sessionStorage): void {
  try {
    storage.setItem(key(s.callId), JSON.stringify(s));
  } catch {
    // Private mode or full storage: the call still works, a reload just asks to join again.
  }
}

export function clearSession(callId: string, storage: Pick<Storage, 'removeItem'> = sessionStorage): void {
  try {
    storage.removeItem(key(callId));
  } catch {
    // ignore
  }
}

/**
 * A device switched on or off during the call is the person's new choice: a reconnect (or a
 * reload) starts exactly what they left on, nothing more. Updated in place because the media
 * link reads the same object.
 */
export function rememberMedia(s: SavedSession, patch: Partial<MediaChoices>, storage: Pick<Storage, 'setItem'> = sessionStorage): void {
  Object.assign(s.media, patch);
  saveSession(s, storage);
}
