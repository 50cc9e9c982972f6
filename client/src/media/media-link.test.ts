import { DisconnectReason } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import { terminalDisconnect } from './media-link';

describe('terminalDisconnect', () => {
  it('a removal from the media room is the end of the call, unless the raid shield moved you to the lobby', () => {
    expect(terminalDisconnect(DisconnectReason.PARTICIPANT_REMOVED, 'present')).toBe('removed');
    expect(terminalDisconnect(DisconnectReason.PARTICIPANT_REMOVED, 'lobby')).toBe('client');
    expect(terminalDisconnect(DisconnectReason.DUPLICATE_IDENTITY, 'lobby')).toBe('replaced');
    expect(terminalDisconnect(undefined)).toBeNull();
  });
});
