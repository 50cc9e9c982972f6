import { Track } from 'livekit-client';
import { expect, test } from 'vitest';
import { sameWanted, wantsTrack } from './subscriptions';

test('voices and screen shares always; cameras only of the people wanted', () => {
  const wanted = new Set(['p_a']);
  expect(wantsTrack(Track.Source.Microphone, 'p_b', wanted)).toBe(true);
  expect(wantsTrack(Track.Source.ScreenShareAudio, 'p_b', wanted)).toBe(true);
  expect(wantsTrack(Track.Source.ScreenShare, 'p_b', wanted)).toBe(true);
  expect(wantsTrack(Track.Source.Camera, 'p_a', wanted)).toBe(true);
  expect(wantsTrack(Track.Source.Camera, 'p_b', wanted)).toBe(false);
  expect(wantsTrack(Track.Source.Camera, 'p_b', 'all')).toBe(true);
});

test('voices only of the people the moderation state lets speak, once it is known', () => {
  const voices = new Set(['p_floor']);
  expect(wantsTrack(Track.Source.Microphone, 'p_floor', 'all', voices)).toBe(true);
  expect(wantsTrack(Track.Source.Microphone, 'p_troll', 'all', voices)).toBe(false);
  expect(wantsTrack(Track.Source.ScreenShareAudio, 'p_troll', 'all', voices)).toBe(false);
  expect(wantsTrack(Track.Source.ScreenShare, 'p_troll', 'all', voices)).toBe(true);
  expect(wantsTrack(Track.Source.Microphone, 'p_troll', 'all', 'all')).toBe(true);
});

test('sameWanted compares contents', () => {
  expect(sameWanted('all', 'all')).toBe(true);
  expect(sameWanted('all', new Set())).toBe(false);
  expect(sameWanted(new Set(['a', 'b']), new Set(['b', 'a']))).toBe(true);
  expect(sameWanted(new Set(['a']), new Set(['b']))).toBe(false);
});
