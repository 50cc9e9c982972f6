import { expect, test } from 'vitest';
import { speakerView } from './speaker-view';

const base = { people: ['a', 'b', 'c'], screens: [], pinned: null, lastSpeaker: null, floor: null };

test('the first tile when nobody spoke, shares or is pinned', () => {
  expect(speakerView(base)).toEqual({ main: 'person:a', strip: ['person:b', 'person:c'] });
});

test('follows the active speaker, then the floor', () => {
  expect(speakerView({ ...base, lastSpeaker: 'b' }).main).toBe('person:b');
  expect(speakerView({ ...base, floor: 'c' }).main).toBe('person:c');
  expect(speakerView({ ...base, floor: 'c', lastSpeaker: 'b' }).main).toBe('person:b');
});

test('a shared screen takes the main view, the newest first; the sharer stays in the strip', () => {
  const v = speakerView({ ...base, screens: ['a', 'c'], lastSpeaker: 'b' });
  expect(v.main).toBe('screen:c');
  expect(v.strip).toEqual(['screen:a', 'person:a', 'person:b', 'person:c']);
});

test('a pin wins over everything, and a pin of someone gone is ignored', () => {
  expect(speakerView({ ...base, screens: ['a'], pinned: 'person:c' }).main).toBe('person:c');
  expect(speakerView({ ...base, pinned: 'person:zz', lastSpeaker: 'b' }).main).toBe('person:b');
});

test('nobody on stage', () => {
  expect(speakerView({ ...base, people: [] })).toEqual({ main: null, strip: [] });
});
