// Chat goes through our server (chat_send), where it is moderated. Text is rendered as text,
// isolated (<bdi dir="auto">) so its direction stays inside it.
import { HeldNotice } from './HeldNotice';
import { CHAT_MAX_CHARS, isStaff, type CallState, type Identity } from '@caucus/shared';
import { useEffect, useRef, useState } from 'react';
import { useCall, useCallSelector } from '../hooks/useCallSelector';
import { useCommand } from '../hooks/useCommand';
import { useShownNames } from '../hooks/useShownNames';
import { useYou } from '../hooks/useYou';
import { formatClock } from '../lib/format';
import { memberOf } from '../lib/members';
import { nameIn } from '../lib/names';
import type { AuditEntry } from '../protocol/view';

export interface ChatItem {
  kind: 'message' | 'deleted';
  id: string;
  at: number;
  from?: Identity;
  text?: string;
}

/** Messages in state plus a placeholder where a moderator deleted one (from the events we saw). */
export function chatItems(call: Pick<CallState, 'chat'>, deletions: readonly { id: string; at: number }[]): ChatItem[] {
  const items: ChatItem[] = call.chat.map((m) => ({ kind: 'message', id: m.id, at: m.at, from: m.from, text: m.text }));
  for (const d of deletions) items.push({ kind: 'deleted', id: `deleted-${d.id}`, at: d.at });
  return items.sort((a, b) => a.at - b.at);
}

function deletionsIn(audit: readonly AuditEntry[]) {
  return audit.flatMap((e) => (e.event.type === 'chat_deleted' ? [{ id: e.event.messageId, at: e.at }] : []));
}

export function Chat({ you }: { you: Identity }) {
  const send = useCommand();
  const staff = isStaff(useYou().role);
  const [text, setText] = useState('');
  const listRef = useRef<HTMLOListElement>(null);
  const chat = useCall((c) => c.chat);
  const disabled = useCall((c) => !c.settings.chatEnabled);
  const muted = useCall((c) => memberOf(c, you)?.chatMuted ?? false);
  // Deletions are only known from the events seen; re-render when one more arrives, not per event.
  const deletions = useCallSelector((v) => deletionsIn(v.audit), (a, b) => a.length === b.length);
  const names = useShownNames();
  const items = chatItems({ chat }, deletions);

  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [items.length]);

  return (
    <section className="panel chat" aria-labelledby="chat-title">
      <h2 id="chat-title">Chat</h2>
      <ol ref={listRef} className="chat-list" aria-label="Chat messages" data-testid="chat-list" tabIndex={0}>
        {items.map((item) =>
          item.kind === 'deleted' ? (
            <li key={item.id} className="chat-deleted">
              A moderator removed a message.
            </li>
          ) : (
            <li key={item.id} className="chat-message" data-testid="chat-message">
              <span className="chat-meta">
                <strong>
                  <bdi>{nameIn(names, item.from)}</bdi>
                </strong>{' '}
                <time>{formatClock(item.at)}</time>
              </span>
              {/* Isolated: a right-to-left message takes its own direction and cannot reorder the line around it. */}
              <bdi className="chat-text" dir="auto" data-testid="chat-text">
                {item.text}
              </bdi>
              {staff ? (
                <button type="button" className="link" onClick={() => send({ type: 'chat_delete', messageId: item.id }, 'Message deleted')} aria-label={`Delete the message from ${nameIn(names, item.from)} at ${formatClock(item.at)}`}>
                  Delete
                </button>
              ) : null}
            </li>
          ),
        )}
      </ol>
      <HeldNotice />
      {disabled ? (
        <p className="notice" data-testid="chat-disabled">
          The moderators have turned the chat off.
        </p>
      ) : muted ? (
        <p className="notice" data-testid="chat-muted">
          A moderator muted you in the chat.
        </p>
      ) : (
        <form
          className="chat-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!text.trim()) return;
            if (await send({ type: 'chat_send', text })) setText('');
          }}
        >
          <label htmlFor="chat-input" className="visually-hidden">
            Message to everyone
          </label>
          <input id="chat-input" value={text} maxLength={CHAT_MAX_CHARS} onChange={(e) => setText(e.target.value)} placeholder="Write to everyone" autoComplete="off" data-testid="chat-input" />
          <button type="submit">Send</button>
        </form>
      )}
    </section>
  );
}
