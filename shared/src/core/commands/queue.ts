// Raised hands: one ordered queue, with lanes and a policy (see queue-order.ts).
import type { FamilyCommandType } from '../../protocol/commands';
import type { QUEUE_COMMANDS } from '../../protocol/families/queue';
import { accept, refuse, unchanged } from '../decision';
import { handLimited } from '../flood';
import { presentMember, queuePosition } from '../queries';
import { insertionIndex } from '../queue-order';
import type { Handler, Handlers } from './common';

export const raiseHand: Handler<'raise_hand'> = (state, cmd, actor, ctx) => {
  if (state.floor?.identity === actor.identity) return refuse('on_stage', 'you have the floor');
  if (actor.silenced) return refuse('silenced', 'you are silenced and cannot be given the floor');
  if (queuePosition(state, actor.identity) !== null) return refuse('already_in_queue', 'your hand is already raised');
  const limited = handLimited(state, actor, ctx.now);
  if (limited) return limited;
  const position = insertionIndex(state, { identity: actor.identity, lane: cmd.lane });
  return accept(ctx, { type: 'hand_raised', participant: actor.identity, lane: cmd.lane, position });
};

export const lowerHand: Handler<'lower_hand'> = (state, _cmd, actor, ctx) => {
  if (queuePosition(state, actor.identity) === null) return refuse('not_in_queue', 'your hand is not raised');
  return accept(ctx, { type: 'hand_lowered', participant: actor.identity, reason: 'lowered' });
};

export const dismissHand: Handler<'dismiss_hand'> = (state, cmd, _actor, ctx) => {
  if (queuePosition(state, cmd.participant) === null) return refuse('not_in_queue', 'that hand is not raised');
  return accept(ctx, { type: 'hand_lowered', participant: cmd.participant, reason: 'dismissed' });
};

export const moveInQueue: Handler<'move_in_queue'> = (state, cmd, _actor, ctx) => {
  const from = queuePosition(state, cmd.participant);
  if (from === null || !presentMember(state, cmd.participant)) return refuse('not_in_queue', 'that hand is not raised');
  const position = Math.min(cmd.position, state.queue.length - 1);
  if (position === from) return unchanged;
  return accept(ctx, { type: 'hand_moved', participant: cmd.participant, position });
};

export const lowerAllHands: Handler<'lower_all_hands'> = (state, _cmd, _actor, ctx) =>
  state.queue.length === 0 ? unchanged : accept(ctx, { type: 'hands_cleared' });

export const setQueuePolicy: Handler<'set_queue_policy'> = (state, cmd, _actor, ctx) =>
  state.settings.queuePolicy === cmd.policy
    ? unchanged
    : accept(ctx, { type: 'queue_policy_changed', policy: cmd.policy });

/** Every queue command's handler: decide() dispatches through the merged table. */
export const QUEUE_HANDLERS = {
  raise_hand: raiseHand,
  lower_hand: lowerHand,
  move_in_queue: moveInQueue,
  dismiss_hand: dismissHand,
  lower_all_hands: lowerAllHands,
  set_queue_policy: setQueuePolicy,
} satisfies Handlers<FamilyCommandType<typeof QUEUE_COMMANDS>>;
