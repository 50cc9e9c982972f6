// The stage as a speaker view: one main tile and a strip. A tile pinned by this person wins; then
// a shared screen (the newest); then whoever speaks (the last one heard stays until someone else
// speaks, so the view does not flicker in pauses); then the floor-holder; then the first tile.

export type TileKey = `person:${string}` | `screen:${string}`;

export interface SpeakerViewInput {
  /** People on stage, in stage order. */
  people: readonly string[];
  /** People sharing a screen, oldest first. */
  screens: readonly string[];
  pinned: TileKey | null;
  /** The person heard most recently, if they are on stage. */
  lastSpeaker: string | null;
  floor: string | null;
}

export interface SpeakerView {
  main: TileKey | null;
  strip: TileKey[];
}

export function speakerView(input: SpeakerViewInput): SpeakerView {
  const keys: TileKey[] = [...input.screens.map((id) => `screen:${id}` as const), ...input.people.map((id) => `person:${id}` as const)];
  if (keys.length === 0) return { main: null, strip: [] };
  const has = (k: TileKey | null): k is TileKey => k !== null && keys.includes(k);
  const newestScreen = input.screens.length ? (`screen:${input.screens[input.screens.length - 1]}` as const) : null;
  const speaker = input.lastSpeaker ? (`person:${input.lastSpeaker}` as const) : null;
  const floor = input.floor ? (`person:${input.floor}` as const) : null;
  const main = [input.pinned, newestScreen, speaker, floor].find(has) ?? keys[0]!;
  return { main, strip: keys.filter((k) => k !== main) };
}
