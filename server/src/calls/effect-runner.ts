// Runs what the core says must happen outside the state after an event (effectsOf). They fall in
// two halves: the owner's (LiveKit follows: mute, remove, end the room; timers stop) and every
// gateway's (its sockets: close, admit from the lobby, resend snapshots, close all at the end).
// Each gateway runs its half on the events it folds, so an effect about a socket happens where
// the socket is, in cluster mode too.
import { CLOSE_CODES, type Effect } from '@caucus/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { LivekitAccess } from '../plugins/livekit';
import { closeReasonOf } from './connection';
import type { Fanout } from './fanout';
import type { LivekitEnforcer } from './livekit-enforcer';

export interface OwnerEffectTargets {
  callId: string;
  log: FastifyBaseLogger;
  /** Null until the owner starts, and in unit tests that run without LiveKit. */
  enforcer: () => LivekitEnforcer | null;
  /** Stops the owner's timers (the call ended). */
  stopTimers: () => void;
}

export interface SocketEffectTargets {
  callId: string;
  log: FastifyBaseLogger;
  fanout: Fanout;
  /** Mints a LiveKit token for a person just admitted from the lobby. */
  tokenFor: (identity: string) => PromiseLike<LivekitAccess | null>;
  sendSnapshot: (identity: string) => void;
  /** Stops the gateway's own timers (head count, tallies) at the end of the call. */
  stopTimers: () => void;
}

export function runOwnerEffect(effect: Effect, to: OwnerEffectTargets): void {
  switch (effect.kind) {
    case 'mute_tracks':
      to.enforcer()?.muteMicrophone(effect.identity);
      return;
    case 'remove':
      to.enforcer()?.kick(effect.identity, effect.reason);
      return;
    case 'end_call':
      to.stopTimers();
      to.enforcer()?.endRoom();
      return;
    case 'close_sockets':
    case 'admitted':
    case 'resnapshot':
      return;
    default: {
      const never: never = effect;
      throw new Error(`unhandled effect ${JSON.stringify(never)}`);
    }
  }
}

export function runSocketEffect(effect: Effect, to: SocketEffectTargets): void {
  switch (effect.kind) {
    case 'close_sockets': {
      const conn = to.fanout.get(effect.identity);
      if (conn) to.fanout.close(conn, effect.code, closeReasonOf(effect.code));
      return;
    }
    case 'admitted': {
      const identity = effect.identity;
      if (!to.fanout.get(identity)) return;
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
      return;
    case 'mute_tracks':
    case 'remove':
      return;
    default: {
      const never: never = effect;
      throw new Error(`unhandled effect ${JSON.stringify(never)}`);
    }
  }
}
