import { expect, test } from 'vitest';
import type { MediaChoices } from '../lib/saved-session';
import { startsOnGrant } from './consent';

const none: MediaChoices = { audioEnabled: false, videoEnabled: false, audioDeviceId: '', videoDeviceId: '' };
const both: MediaChoices = { ...none, audioEnabled: true, videoEnabled: true };

test.each([
  // role, onFloor, choices, device, starts
  ['participant', true, both, 'microphone', false], // the floor asks, always
  ['participant', true, both, 'camera', false],
  ['participant', true, none, 'microphone', false],
  ['participant', false, both, 'camera', true], // conversation gallery: the join choice holds
  ['participant', false, none, 'camera', false],
  ['speaker', false, none, 'microphone', false], // on stage: muted unless chosen
  ['speaker', false, both, 'microphone', true],
  ['host', false, { ...none, videoEnabled: true }, 'camera', true],
  ['host', false, { ...none, videoEnabled: true }, 'microphone', false],
  ['moderator', false, none, 'camera', false],
] as const)('%s on floor %s starts %s? -> %s', (role, onFloor, choices, device, starts) => {
  expect(startsOnGrant(device, choices, { role, onFloor })).toBe(starts);
});
