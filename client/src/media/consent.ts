// Consent: a microphone or camera goes on only by the person's own action. A grant from the server
// (the floor, a role on stage, the conversation gallery) is a permission, never a switch: it may
// start a device only if the person chose that device for the situation they are in.
import type { Role } from '@caucus/shared';
import type { MediaChoices } from '../lib/saved-session';

export type Device = 'microphone' | 'camera';

export interface Situation {
  role: Role;
  /** This person holds the floor (a participant's turn to speak). */
  onFloor: boolean;
}

/**
 * Whether a device that just became allowed starts by itself. Hosts, moderators and speakers
 * join with what they ticked on the join screen (nothing ticked: muted). A participant given the
 * floor is always asked first ("You have the floor: unmute?"); the only thing a participant's
 * choice starts by itself is their camera in a conversation's gallery, outside the floor.
 */
export function startsOnGrant(device: Device, choices: MediaChoices, situation: Situation): boolean {
  const chose = device === 'microphone' ? choices.audioEnabled : choices.videoEnabled;
  if (!chose) return false;
  if (situation.role !== 'participant') return true;
  return device === 'camera' && !situation.onFloor;
}
