// The flood controls, checked by decide before a chat message, a raised hand or a report: slow
// mode, chat only after some minutes present, duplicate suppression, the hold on links and on a
// newcomer's first message, and per-person limits on hands and reports. Hosts, moderators and
// guest speakers are never held. Settings: state.settings.flood (set_flood_controls).
import type { Ctx } from './decision';
import { refuse, type Decision } from './decision';
import { arrivalOf, floodControls, floodExempt, paceOf, recent } from './pace';
import { hasLink, sameText } from './shield';
import type { CallState, Member } from './state';

/** Messages waiting for a moderator, per person and in all: a flood cannot grow the state without bound. */
export const HELD_PER_PERSON = 3;
export const HELD_MAX = 500;

export type ChatVerdict = { refused: Decision } | { hold: 'link' | 'newcomer' | null };

export function chatVerdict(state: CallState, actor: Member, text: string, ctx: Ctx): ChatVerdict {
  if (floodExempt(actor)) return { hold: null };
  const fc = floodControls(state);
  const now = ctx.now;
  if (fc.chatMinPresentMin > 0) {
    const wait = arrivalOf(actor) + fc.chatMinPresentMin * 60_000 - now;
    if (wait > 0) return { refused: refuse('too_new', `chat opens for you in ${Math.ceil(wait / 60_000)} min`) };
  }
  const pace = paceOf(state, actor.identity);
  if (fc.slowModeSec > 0 && pace.lastChatAt !== null) {
    const wait = pace.lastChatAt + fc.slowModeSec * 1000 - now;
    if (wait > 0) return { refused: refuse('slow_mode', `slow mode: wait ${Math.ceil(wait / 1000)} s`) };
  }
  if (fc.duplicateWindowSec > 0) {
    const since = now - fc.duplicateWindowSec * 1000;
    const seen = [...state.chat, ...state.heldChat].some((m) => m.at >= since && sameText(m.text, text));
    if (seen) return { refused: refuse('duplicate', 'the same message was just sent') };
  }
  const why = fc.holdLinks && hasLink(text) ? 'link' : fc.holdNewcomers && pace.posted === 0 ? 'newcomer' : null;
  if (why !== null) {
    if (state.heldChat.length >= HELD_MAX || state.heldChat.filter((m) => m.from === actor.identity).length >= HELD_PER_PERSON) {
      return { refused: refuse('limit_reached', 'your messages wait for a moderator') };
    }
  }
  return { hold: why };
}

/** Hand raises over the limit in the window: refused. */
export function handLimited(state: CallState, actor: Member, now: number): Decision | null {
  const limit = floodControls(state).handLimit;
  if (limit === 0 || floodExempt(actor)) return null;
  return recent(paceOf(state, actor.identity).hands, now).length >= limit ? refuse('limit_reached', 'you raised your hand too often; try later') : null;
}

/** Reports over the limit in the window: refused. */
export function reportLimited(state: CallState, actor: Member, now: number): Decision | null {
  const limit = floodControls(state).reportLimit;
  if (limit === 0 || floodExempt(actor)) return null;
  return recent(paceOf(state, actor.identity).reports, now).length >= limit ? refuse('limit_reached', 'you reported too often; try later') : null;
}
