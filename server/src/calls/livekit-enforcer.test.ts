// Which permission changes take the urgent lane (kicks and revocations ahead of routine grants).
// The lanes themselves run against the real LiveKit in server/test/trolls-sessions.test.ts.
import type { LivekitPermission } from '@caucus/shared';
import { expect, test } from 'vitest';
import { AUDIENCE_GRANT, isRevocation } from './livekit-enforcer';

const publishing = (...sources: LivekitPermission['canPublishSources']): LivekitPermission => ({ ...AUDIENCE_GRANT, canPublish: true, canPublishSources: sources });

test('a change that only takes rights away is a revocation; one that grants anything is routine', () => {
  // Silenced, floor ended, suspended: publishing nothing is always urgent, even from an unknown state.
  expect(isRevocation(AUDIENCE_GRANT, publishing('camera', 'microphone'))).toBe(true);
  expect(isRevocation(AUDIENCE_GRANT, undefined)).toBe(true);
  // Fewer sources: urgent.
  expect(isRevocation(publishing('camera'), publishing('camera', 'microphone'))).toBe(true);
  // Anything new to publish, or from an unknown state: routine.
  expect(isRevocation(publishing('camera', 'microphone'), publishing('camera'))).toBe(false);
  expect(isRevocation(publishing('camera'), AUDIENCE_GRANT)).toBe(false);
  expect(isRevocation(publishing('camera'), undefined)).toBe(false);
});
