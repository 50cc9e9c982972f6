// Pieces the command handlers share.
import type { WireCommand } from '../../protocol/commands';
import type { EventBody } from '../../protocol/events';
import type { FloorEndReason } from '../../protocol/families/floor';
import type { HandLoweredReason } from '../../protocol/families/queue';
import type { Identity } from '../../protocol/primitives';
import type { SystemCommand } from '../../protocol/system-commands';
import type { Ctx, Decision } from '../decision';
import { membershipOf } from '../members';
import { presentCount, waitingList } from '../queries';
import { heldByShield } from '../shield';
import type { CallState, Floor, Member, Waiter } from '../state';

export type Command = WireCommand | SystemCommand;
export type CommandOf<T extends Command['type']> = Extract<Command, { type: T }>;

/** A wire command handler: permission, membership and rank were checked by decide(). */
export type Handler<T extends WireCommand['type']> = (
  state: CallState,
  command: CommandOf<T>,
  actor: Member,
  ctx: Ctx,
) => Decision;

/** The handlers of a set of wire command types: a missing one is a compile error. */
export type Handlers<T extends WireCommand['type']> = { readonly [K in T]: Handler<K> };

export function floorEnded(floor: Floor, reason: FloorEndReason, now: number): EventBody<'floor_ended'> {
  return { type: 'floor_ended', participant: floor.identity, reason, spokenMs: Math.max(0, now - floor.grantedAt) };
}

/** When someone stops being an ordinary speaker-in-waiting: end their floor, lower their hand. */
export function stepDown(
  state: CallState,
  identity: Identity,
  reason: FloorEndReason & HandLoweredReason,
  now: number,
): EventBody[] {
  const bodies: EventBody[] = [];
  if (state.floor?.identity === identity) bodies.push(floorEnded(state.floor, reason, now));
  if (state.queue.some((e) => e.identity === identity)) bodies.push({ type: 'hand_lowered', participant: identity, reason });
  return bodies;
}

/**
 * Let waiters in, oldest first, while there is room. Capacity counts only participants, like
 * joining does. Returns the admissions that fit and how many had to stay waiting.
 */
export function admitWaiting(state: CallState): { bodies: EventBody<'member_admitted'>[]; leftWaiting: number } {
  const max = state.settings.maxParticipants;
  let seats = max === 0 ? Infinity : Math.max(0, max - presentCount(state, ['participant']));
  const bodies: EventBody<'member_admitted'>[] = [];
  let leftWaiting = 0;
  for (const id of waitingList(state)) {
    const w = state.lobby.get(id)!;
    // The raid shield's people are let in one by one from the review list, never in bulk.
    if (heldByShield(state, w)) continue;
    if (w.role === 'participant') {
      if (seats <= 0) {
        leftWaiting++;
        continue;
      }
      seats--;
    }
    bodies.push(admission(w));
  }
  return { bodies, leftWaiting };
}

export function admission(w: Waiter): EventBody<'member_admitted'> {
  return { type: 'member_admitted', participant: w.identity, name: w.name, role: w.role, ...membershipOf(w), device: w.device, ipHash: w.ipHash };
}
