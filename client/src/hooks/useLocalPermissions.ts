import { useRoomContext } from '@livekit/components-react';
import { ParticipantEvent, type LocalParticipant } from 'livekit-client';
import { useCallback, useSyncExternalStore } from 'react';

type Permissions = LocalParticipant['permissions'];

/**
 * What LiveKit lets this person publish now. Read from the participant at every change (LiveKit's
 * own hook captures the value when it is first rendered and can miss a grant that lands before
 * it subscribes, leaving a control missing until the next change).
 */
export function useLocalPermissions(): Permissions {
  const room = useRoomContext();
  const subscribe = useCallback(
    (onChange: () => void) => {
      const lp = room.localParticipant;
      lp.on(ParticipantEvent.ParticipantPermissionsChanged, onChange);
      return () => {
        lp.off(ParticipantEvent.ParticipantPermissionsChanged, onChange);
      };
    },
    [room],
  );
  return useSyncExternalStore(subscribe, () => room.localParticipant.permissions);
}
