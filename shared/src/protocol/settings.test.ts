import { describe, expect, it } from 'vitest';
import { initialState, withRoomDefaults } from '../core/state';
import { callSettingsPatchSchema, callSettingsSchema, DEFAULT_CALL_SETTINGS } from './settings';

describe('call settings', () => {
  it('fills every default', () => {
    expect(callSettingsSchema.parse({})).toEqual({
      lobby: false,
      passcode: null,
      maxParticipants: 0,
      speakingLimitSec: 120,
      queuePolicy: 'fifo',
      format: 'stage',
    });
  });

  it.each([
    ['passcode too long', { passcode: 'x'.repeat(65) }],
    ['empty passcode', { passcode: '' }],
    ['negative capacity', { maxParticipants: -1 }],
    ['capacity too large', { maxParticipants: 100_001 }],
    ['fractional limit', { speakingLimitSec: 1.5 }],
    ['limit over an hour', { speakingLimitSec: 3601 }],
    ['unknown policy', { queuePolicy: 'random' }],
    ['unknown format', { format: 'webinar' }],
    ['unknown field', { recording: true }],
  ])('refuses %s', (_n, input) => {
    expect(callSettingsSchema.safeParse(input).success).toBe(false);
  });

  it('a patch changes only what it names', () => {
    expect(callSettingsPatchSchema.parse({ lobby: true })).toEqual({ lobby: true });
  });

  it('the passcode never enters the moderation state', () => {
    const s = initialState('call_1', callSettingsSchema.parse({ passcode: 'hunter2', lobby: true }));
    expect(JSON.stringify(s)).not.toContain('hunter2');
    expect(s.settings).toEqual({
      lobby: true,
      locked: false,
      chatEnabled: true,
      queuePolicy: DEFAULT_CALL_SETTINGS.queuePolicy,
      speakingLimitSec: 120,
      maxParticipants: 0,
      format: 'stage',
      doorsOpen: true,
    });
  });

  it('an announced call may start with its doors closed; older states get the defaults', () => {
    const s = initialState('call_1', callSettingsSchema.parse({ format: 'conversation' }), { doorsOpen: false });
    expect(s.settings).toMatchObject({ format: 'conversation', doorsOpen: false });
    const { format: _f, doorsOpen: _d, ...old } = s.settings;
    const upgraded = withRoomDefaults({ ...s, settings: old as typeof s.settings });
    expect(upgraded.settings).toMatchObject({ format: 'stage', doorsOpen: true });
    expect(withRoomDefaults(s)).toBe(s);
  });
});
