// Captions: the host appoints captioners (a person, or later a speech-to-text engine that joined
// like one); a captioner's lines go to everyone and into the log, which keeps the transcript.
import type { FamilyCommandType } from '../../protocol/commands';
import type { CAPTION_COMMANDS } from '../../protocol/families/captions';
import { normalizeFreeText } from '../../protocol/free-text';
import { accept, refuse, unchanged } from '../decision';
import { presentMember } from '../queries';
import type { Handler, Handlers } from './common';

export const appointCaptioner: Handler<'appoint_captioner'> = (state, cmd, _actor, ctx) => {
  const target = presentMember(state, cmd.participant);
  if (!target) return refuse('not_found', 'that person is not in the call');
  return target.captioner ? unchanged : accept(ctx, { type: 'captioner_appointed', participant: target.identity });
};

export const dismissCaptioner: Handler<'dismiss_captioner'> = (state, cmd, _actor, ctx) => {
  const target = state.members.get(cmd.participant);
  if (!target) return refuse('not_found', 'that person is not in the call');
  return target.captioner ? accept(ctx, { type: 'captioner_dismissed', participant: target.identity }) : unchanged;
};

/**
 * A line of captions, only from an appointed captioner. A revisable line has one id per sender and
 * lineId, so its final version replaces the guess (evolve, events/captions.ts).
 */
export const caption: Handler<'caption'> = (state, cmd, actor, ctx) => {
  if (!actor.captioner) return refuse('forbidden', 'only a captioner appointed by the host may caption');
  if (cmd.speaker !== undefined && !presentMember(state, cmd.speaker)) return refuse('not_found', 'that speaker is not in the call');
  const id = cmd.lineId ? `${actor.identity}:${cmd.lineId}` : ctx.id;
  const text = normalizeFreeText(cmd.text);
  if (!text) return refuse('invalid', 'the caption has nothing visible in it');
  return accept(ctx, { type: 'caption_added', id, text, speaker: cmd.speaker ?? null, final: cmd.final });
};

/** Every captions command's handler: decide() dispatches through the merged table. */
export const CAPTION_HANDLERS = {
  appoint_captioner: appointCaptioner,
  dismiss_captioner: dismissCaptioner,
  caption,
} satisfies Handlers<FamilyCommandType<typeof CAPTION_COMMANDS>>;
