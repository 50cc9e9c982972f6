// Whose voice this browser receives: only the people the moderation state lets speak now (the
// same rule the server gives LiveKit, livekitPermissionFor). LiveKit already refuses everyone
// else; this is the second line. A troll who gets a voice into the room for a moment anyway (a
// reconnect with a token LiveKit refreshed while they held the floor, in the few hundred
// milliseconds before the server strips it) reaches no listener through the app.
import { allowsSource, livekitPermissionFor, type CallState } from '@caucus/shared';

export function voicesAllowed(state: CallState): ReadonlySet<string> {
  const allowed = new Set<string>();
  const floor = state.floor?.identity;
  for (const m of state.members.values()) {
    // Only the stage and the floor holder can have a voice: the audience is skipped cheaply.
    if (m.status !== 'present' || (m.role === 'participant' && m.identity !== floor)) continue;
    const p = livekitPermissionFor(state, m.identity);
    if (p && (allowsSource(p, 'microphone') || allowsSource(p, 'screen_share_audio'))) allowed.add(m.identity);
  }
  return allowed;
}
