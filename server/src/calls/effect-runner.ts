// Runs what the core says must happen outside the state after an event: LiveKit follows the new
// permissions (only the people whose permission changed are touched), and the one-shot effects
// (effectsOf) mute, remove, close sockets, admit from the lobby, resend snapshots, end the room.
import { CLOSE_CODES, type Effect } from '@caucus/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { LivekitAccess } from '../plugins/livekit';
import { closeReasonOf } from './connection';
import type { Fanout } from './fanout';
import type { LivekitEnforcer } from './livekit-enforcer';

export interface EffectTargets {
  callId: string;
  log: FastifyBaseLogger;
  fanout: Fanout;
  /** Null until the room starts, and in unit tests that run without LiveKit. */
  enforcer: () => LivekitEnforcer | null;
  /** Mints a LiveKit token for a person just admitted from the lobby. */
  tokenFor: (identity: string) => PromiseLike<LivekitAccess | null>;
  sendSnapshot: (identity: string) => void;
  /** Stops the room's timers (the call ended). */
  stopTimers: () => void;
}

export function runEffect(effect: Effect, to: EffectTargets): void {
  switch (effect.kind) {
    case 'mute_tracks':
      to.enforcer()?.muteMicrophone(effect.identity);
      return;
    case 'remove':
      to.enforcer()?.kick(effect.identity, effect.reason);
      return;
    case 'close_sockets': {
      const conn = to.fanout.get(effect.identity);
      if (conn) to.fanout.close(conn, effect.code, closeReasonOf(effect.code));
      return;
    }
    case 'admitted': {
      const identity = effect.identity;
      to.tokenFor(identity).then(
        (livekit) => {
          if (livekit) to.fanout.sendTo(identity, { type: 'admitted', livekit });
          to.sendSnapshot(identity);
        },
        (err: Error) => to.log.error({ callId: to.callId, identity, err: err.message }, 'could not mint the admitted token'),
      );
      return;
    }
    case 'resnapshot':
      to.sendSnapshot(effect.identity);
      return;
    case 'end_call':
      to.stopTimers();
      // Closes wait for the running command's reply (Fanout.holdCloses): the host hears the ack first.
      to.fanout.closeAll(CLOSE_CODES.call_ended, 'call_ended');
      to.enforcer()?.endRoom();
      return;
    default: {
      const never: never = effect;
      throw new Error(`unhandled effect ${JSON.stringify(never)}`);
    }
  }
}
